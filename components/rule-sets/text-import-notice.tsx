import { SkippedList } from "@/components/drift/skipped-list";
import { textImportReport } from "@/lib/drift/text-import-report";

/** Shown on a rule set just created by Import text: what the text held that the rule set does not, and why. */
export async function TextImportNotice({ ruleSetId }: { ruleSetId: string }) {
  const report = await textImportReport(ruleSetId);
  if (!report) return null;
  if (report.skipped.length === 0) {
    return (
      <div
        role="status"
        className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
        data-testid="text-import-notice"
      >
        Imported from text: every rule and address list entry in it was imported.
      </div>
    );
  }
  return (
    <div
      role="status"
      className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
      data-testid="text-import-notice"
    >
      <div className="font-medium">
        Imported from text. Not imported ({report.skipped.length}): a rule set cannot hold{" "}
        {report.skipped.length === 1 ? "this item" : "these items"}, so{" "}
        {report.skipped.length === 1 ? "it is" : "they are"} not in this rule set
      </div>
      <SkippedList items={report.skipped} testId="text-import-skipped" showRef />
    </div>
  );
}
