import { parseRuleSetExport } from "@/lib/rules/export-format";
import { createRuleSet, type CreateOutcome } from "./create-rule-set";
import type { RuleSetActor } from "./editor";
import { invalid } from "./outcome";

/**
 * Creates a rule set from an export file's decoded JSON, with the editor's checks. `name` overrides the file's
 * name (importing next to the original). Issue paths are those of the file ("ruleSet.rules.3.src"), except a
 * taken or invalid override name, which is "name".
 */
export async function importRuleSet(actor: RuleSetActor, json: unknown, options: { name?: string } = {}): Promise<CreateOutcome> {
  const parsed = parseRuleSetExport(json);
  if (!parsed.ok) return invalid(parsed.issues, "Not imported: the file has problems.");
  const name = options.name?.trim() ? options.name : parsed.meta.name;
  return createRuleSet(actor, { name, description: parsed.meta.description, content: parsed.content }, "Imported from a JSON export");
}
