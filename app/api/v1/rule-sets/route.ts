import type { z } from "zod";
import { failureError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { createRuleSetOp, listRuleSetsOp } from "@/lib/api/operations/rule-sets";
import { contentBodyPath, refusalError } from "@/lib/api/rule-set-refusal";
import { createRuleSet } from "@/lib/rulesets/create-rule-set";
import { createRuleSetFromTemplate } from "@/lib/rulesets/create-from-template";
import { principalEditor } from "@/lib/rulesets/editor";
import type { createRuleSetBody } from "@/lib/api/rule-set-schemas";
import type { CheckedExport } from "@/lib/rulesets/check-content";
import { importCheckedRuleSet } from "@/lib/rulesets/import-rule-set";
import { listRuleSets } from "@/lib/rulesets/list-rule-sets";
import { runOffThread } from "@/lib/workers/pool";

export const GET = apiHandler(listRuleSetsOp, async () => ({
  ruleSets: (await listRuleSets()).map((r) => ({
    ...r,
    lastChange: r.lastChange && { ...r.lastChange, at: r.lastChange.at.toISOString() },
  })),
}));

// The body is checked on a worker thread, content and export file included (lib/rulesets/check-content.ts).
export const POST = apiHandler(createRuleSetOp, async ({ principal, rawBody }) => {
  const checked = await runOffThread("ruleSetRequest", { operationId: "createRuleSet", text: rawBody! });
  if (!checked.ok) throw failureError(checked);
  const body = checked.body as z.infer<typeof createRuleSetBody>;
  const editor = principalEditor(principal!);
  switch (body.source) {
    case "blank": {
      const content = checked.checked ? undefined : { rules: [], addressLists: [] };
      const r = await createRuleSet(editor, {
        name: body.name,
        description: body.description,
        content,
        checked: checked.checked,
        texts: checked.texts,
        message: body.message,
      });
      if (!r.ok) throw refusalError(r, contentBodyPath);
      return { id: r.id, revision: r.revision };
    }
    case "template": {
      const r = await createRuleSetFromTemplate(editor, {
        name: body.name,
        description: body.description,
        templateId: body.template,
        params: body.params,
        message: body.message,
      });
      if (!r.ok) throw refusalError(r);
      return { id: r.id, revision: r.revision };
    }
    case "import": {
      const r = await importCheckedRuleSet(editor, checked.file as CheckedExport, { name: body.name });
      if (!r.ok) throw refusalError(r, (p) => (p === "name" ? p : `file.${p}`.replace(/\.$/, "")));
      return { id: r.id, revision: r.revision };
    }
  }
});
