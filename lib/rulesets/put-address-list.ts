import type { AddressListEntry } from "@/lib/rules/schema";
import type { RuleSetActor } from "./editor";
import { getRuleSet } from "./get-rule-set";
import { invalid, ruleSetNotFound, type Refusal } from "./outcome";
import { saveRuleSet } from "./save-rule-set";

export type PutListInput = { baseRevision: number; entries: AddressListEntry[]; message?: string };
export type PutListOutcome = { ok: true; revision: number; created: boolean } | Refusal;

/** Replaces one address list's entries (or adds the list) as a new revision. Entry issues come back as "entries.N.address". */
export async function putAddressList(
  actor: RuleSetActor,
  ruleSetId: string,
  listName: string,
  input: PutListInput,
): Promise<PutListOutcome> {
  const set = await getRuleSet(ruleSetId);
  if (!set) return ruleSetNotFound;
  const lists = set.content.addressLists;
  const index = lists.findIndex((l) => l.name === listName);
  const created = index === -1;
  const at = created ? lists.length : index;
  const next = { name: listName, entries: input.entries };
  const content = {
    ...set.content,
    addressLists: created ? [...lists, next] : lists.map((l, i) => (i === index ? next : l)),
  };
  const saved = await saveRuleSet(
    actor,
    ruleSetId,
    {
      baseRevision: input.baseRevision,
      name: set.name,
      description: set.description,
      content,
      message: input.message || `${created ? "Added" : "Changed"} address list '${listName}'`,
    },
    {
      action: "ruleset.save",
      summary: (name, n) => `${created ? "Added" : "Changed"} address list '${listName}' of '${name}' (revision ${n})`,
    },
  );
  if (saved.ok) return { ...saved, created };
  if (saved.kind !== "invalid") return saved;
  const prefix = `addressLists.${at}.`;
  return invalid(
    saved.issues.map((i) => (i.path.startsWith(prefix) ? { ...i, path: i.path.slice(prefix.length) } : i)),
    saved.message,
  );
}
