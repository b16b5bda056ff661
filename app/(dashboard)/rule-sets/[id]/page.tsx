import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { DriftBanner } from "@/components/drift/drift-banner";
import { TextImportNotice } from "@/components/rule-sets/text-import-notice";
import { RuleSetEditor } from "@/components/rule-editor/rule-set-editor";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page";
import { roleAllows } from "@/lib/auth/roles";
import { getRuleSetText } from "@/lib/rulesets/get-rule-set";
import { ruleSetTitle } from "@/lib/page-titles";
import { openRuleSetPage, type RuleSetPageProps } from "./rule-set-page";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return ruleSetTitle(id, "Rule set");
}

// `imported=text`: just created by Import text, so say what the text held that the rule set does not
const searchSchema = z.object({
  tab: z.string().optional().catch(undefined),
  imported: z.enum(["text"]).optional().catch(undefined),
});

export default async function RuleSetPage(props: RuleSetPageProps) {
  const {
    user,
    id,
    q: { tab, imported },
  } = await openRuleSetPage(props, searchSchema);
  const set = await getRuleSetText(id);
  if (!set) notFound();
  return (
    <>
      <PageHeader
        title={set.name}
        description={set.description || undefined}
        actions={
          <>
            <Link href={`/rule-sets/${set.id}/history`} className={buttonClass("secondary")}>
              History
            </Link>
            <a href={`/api/v1/rule-sets/${set.id}/export`} download className={buttonClass("secondary")}>
              Export JSON
            </a>
            <a
              href={`/api/v1/rule-sets/${set.id}/export-text?vendor=mikrotik`}
              download
              className={buttonClass("secondary")}
              title="RouterOS script to paste into a terminal"
            >
              Export .rsc
            </a>
            <a
              href={`/api/v1/rule-sets/${set.id}/export-text?vendor=openwrt`}
              download
              className={buttonClass("secondary")}
              title="uci export format for OpenWrt"
            >
              Export UCI
            </a>
            {roleAllows(user.role, "operator") ? (
              <Link href={`/rule-sets/${set.id}/push`} className={buttonClass()}>
                Push…
              </Link>
            ) : null}
          </>
        }
      />
      {imported === "text" ? <TextImportNotice ruleSetId={set.id} /> : null}
      <DriftBanner ruleSetId={set.id} />
      <RuleSetEditor
        key={set.id}
        ruleSetId={set.id}
        name={set.name}
        description={set.description}
        baseRevision={set.headRevision}
        contentText={set.contentText}
        canEdit={roleAllows(user.role, "operator")}
        initialTab={tab === "address-lists" || tab === "nat" ? tab : "rules"}
      />
    </>
  );
}
