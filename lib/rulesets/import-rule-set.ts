import type { CheckedExport } from "./check-content";
import { checkExportFile } from "./check-content";
import { createRuleSet, type CreateOutcome } from "./create-rule-set";
import type { RuleSetActor } from "./editor";
import { invalid } from "./outcome";

/**
 * Creates a rule set from an export file's decoded JSON, with the editor's checks. `name` overrides the file's
 * name (importing next to the original). Issue paths are those of the file ("ruleSet.rules.3.src"), except a
 * taken or invalid override name, which is "name".
 */
export async function importRuleSet(
  actor: RuleSetActor,
  json: unknown,
  options: { name?: string } = {},
): Promise<CreateOutcome> {
  return importCheckedRuleSet(actor, checkExportFile(json), options);
}

/** importRuleSet for a file checked already (checkExportFile, on a worker thread for the API). */
export async function importCheckedRuleSet(
  actor: RuleSetActor,
  file: CheckedExport,
  options: { name?: string } = {},
): Promise<CreateOutcome> {
  if (!file.ok) return invalid(file.issues, "Not imported: the file has problems.");
  const name = options.name?.trim() ? options.name : file.meta.name;
  return createRuleSet(
    actor,
    { name, description: file.meta.description, content: undefined, checked: file.checked, texts: file.texts },
    "Imported from a JSON export",
  );
}
