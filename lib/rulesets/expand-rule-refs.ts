import { db } from "@/lib/db/client";
import { isRecord } from "@/lib/rules/parse-known-content";
import { checkBaseRevision } from "@/lib/rules/stale-save";
import { readWorkingRules, type WorkingRow } from "./write-working-rules";

export type ExpandOutcome =
  | {
      ok: true;
      content: unknown;
      /** The rule objects put back from the stored rules. */
      expanded: ReadonlySet<unknown>;
      /** The working copy read to expand them (for saveRuleSet), when any was read. */
      working?: readonly WorkingRow[];
      /** The canonical text of each rule put back from a canonical row: its stored text. */
      texts?: ReadonlyMap<unknown, string>;
    }
  | { ok: false; kind: "stale"; message: string; currentRevision: number }
  | { ok: false; kind: "invalid"; message: string };

/**
 * The editor sends a rule it did not touch as its id alone, meaning "as in revision `baseRevision`". Those are
 * put back from the working copy, which holds the head revision's rules, so only while the head is still that
 * revision; otherwise the save is stale anyway, and is refused the way saveRuleSet refuses it. A toggle in a
 * 5,000-rule set then sends one rule and 4,999 ids (~60 KB instead of ~2 MB), and the rules put back are the
 * stored ones exactly, which saveRuleSet does not parse again.
 */
export async function expandRuleRefs(
  ruleSetId: string,
  baseRevision: number,
  content: unknown,
): Promise<ExpandOutcome> {
  if (!isRecord(content) || !Array.isArray(content.rules) || !content.rules.some((r) => typeof r === "string"))
    return { ok: true, content, expanded: new Set() };
  const set = await db.ruleSet.findUnique({ where: { id: ruleSetId }, select: { headRevision: true } });
  if (!set) return { ok: false, kind: "invalid", message: "This rule set no longer exists." };
  const base = checkBaseRevision(set.headRevision, baseRevision);
  if (!base.ok) return { ok: false, kind: "stale", message: base.message, currentRevision: base.currentRevision };
  const working = await readWorkingRules(ruleSetId);
  const stored = new Map(working.map((r) => [r.ruleId, r]));
  const rules: unknown[] = [];
  const expanded = new Set<unknown>();
  const texts = new Map<unknown, string>();
  for (const r of content.rules as unknown[]) {
    if (typeof r !== "string") {
      rules.push(r);
      continue;
    }
    const row = stored.get(r);
    if (row === undefined)
      return {
        ok: false,
        kind: "invalid",
        message: `Rule ${r.slice(0, 40)} is not in revision ${baseRevision}; reload the page.`,
      };
    const rule = JSON.parse(row.data) as unknown;
    expanded.add(rule);
    if (row.canonical) texts.set(rule, row.data);
    rules.push(rule);
  }
  return { ok: true, content: { ...content, rules }, expanded, working, texts };
}
