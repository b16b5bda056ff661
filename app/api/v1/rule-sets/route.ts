import { apiHandler } from "@/lib/api/operation";
import { createRuleSetOp, listRuleSetsOp } from "@/lib/api/operations/rule-sets";
import { contentBodyPath, refusalError } from "@/lib/api/rule-set-refusal";
import { createRuleSet } from "@/lib/rulesets/create-rule-set";
import { createRuleSetFromTemplate } from "@/lib/rulesets/create-from-template";
import { principalEditor } from "@/lib/rulesets/editor";
import { importRuleSet } from "@/lib/rulesets/import-rule-set";
import { listRuleSets } from "@/lib/rulesets/list-rule-sets";

export const GET = apiHandler(listRuleSetsOp, async () => ({
  ruleSets: (await listRuleSets()).map((r) => ({ ...r, lastChange: r.lastChange && { ...r.lastChange, at: r.lastChange.at.toISOString() } })),
}));

export const POST = apiHandler(createRuleSetOp, async ({ principal, body }) => {
  const editor = principalEditor(principal!);
  switch (body.source) {
    case "blank": {
      const content = body.content ?? { rules: [], addressLists: [] };
      const r = await createRuleSet(editor, { name: body.name, description: body.description, content, message: body.message });
      if (!r.ok) throw refusalError(r, contentBodyPath);
      return { id: r.id, revision: r.revision };
    }
    case "template": {
      const r = await createRuleSetFromTemplate(editor, { name: body.name, description: body.description, templateId: body.template, params: body.params, message: body.message });
      if (!r.ok) throw refusalError(r);
      return { id: r.id, revision: r.revision };
    }
    case "import": {
      const r = await importRuleSet(editor, body.file, { name: body.name });
      if (!r.ok) throw refusalError(r, (p) => (p === "name" ? p : `file.${p}`.replace(/\.$/, "")));
      return { id: r.id, revision: r.revision };
    }
  }
});
