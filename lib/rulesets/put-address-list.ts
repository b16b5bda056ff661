import type { AddressListEntry } from "@/lib/rules/schema";
import type { RuleSetActor } from "./editor";
import { getRuleSet } from "./get-rule-set";
import { ruleSetNotFound, type Refusal } from "./outcome";
import { saveContentChange } from "./save-content";

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
  const saved = await saveContentChange(actor, set, {
    baseRevision: input.baseRevision,
    content,
    message: input.message || `${created ? "Added" : "Changed"} address list '${listName}'`,
    summary: (name, n) => `${created ? "Added" : "Changed"} address list '${listName}' of '${name}' (revision ${n})`,
    issuesUnder: `addressLists.${at}.`,
    issuesAs: "",
  });
  return saved.ok ? { ...saved, created } : saved;
}
