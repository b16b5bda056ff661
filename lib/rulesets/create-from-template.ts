import { buildFromTemplate, TEMPLATES } from "@/lib/rules/templates";
import { createRuleSet, type CreateOutcome } from "./create-rule-set";
import type { RuleSetActor } from "./editor";
import { invalid } from "./outcome";

export type TemplateInput = {
  name: unknown;
  description: unknown;
  templateId: string;
  params: unknown;
  message?: unknown;
};

/** Template parameter issues come back under "params." ("params.trusted.0"), beside "name" and "description". */
export async function createRuleSetFromTemplate(actor: RuleSetActor, input: TemplateInput): Promise<CreateOutcome> {
  const built = buildFromTemplate(input.templateId, input.params);
  if (!built.ok) {
    const issues = built.issues.map((i) => ({ path: ["params", ...i.path].join("."), message: i.message }));
    return invalid(issues, "Not created: fix the highlighted fields.");
  }
  const title = TEMPLATES.find((t) => t.id === input.templateId)?.title ?? input.templateId;
  return createRuleSet(
    actor,
    { name: input.name, description: input.description, content: built.content, message: input.message },
    `Created from template '${title}'`,
  );
}
