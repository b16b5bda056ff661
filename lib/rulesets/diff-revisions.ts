import { diffRuleSets, type RuleSetDiff } from "@/lib/rules/diff";
import { getRevision, type RevisionDetail } from "./get-revision";

export type RevisionDiff = {
  from: RevisionDetail;
  to: RevisionDetail;
  diff: RuleSetDiff;
  nameChanged: boolean;
  descriptionChanged: boolean;
};
export type RevisionDiffResult = { ok: true; value: RevisionDiff } | { ok: false; missing: number };

/** Rule-level diff between any two revisions of one rule set (from may be newer than to; it reads "from → to"). */
export async function diffRevisions(ruleSetId: string, from: number, to: number): Promise<RevisionDiffResult> {
  const [a, b] = await Promise.all([getRevision(ruleSetId, from), getRevision(ruleSetId, to)]);
  if (!a) return { ok: false, missing: from };
  if (!b) return { ok: false, missing: to };
  return {
    ok: true,
    value: {
      from: a,
      to: b,
      diff: diffRuleSets(a.content, b.content),
      nameChanged: a.name !== b.name,
      descriptionChanged: a.description !== b.description,
    },
  };
}
