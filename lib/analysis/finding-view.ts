import type { Finding } from "@/lib/rules/analysis";

/**
 * How a finding reads in lists and badges. Browser-safe: the editor, the push preview and the API share it.
 * The analysis reports a rule that matches nothing by itself (an empty address list, say) as kind "redundant"
 * with no deciding rules and a "never matches" message; it gets its own badge because the fix differs.
 */

export const FINDING_BADGES = [
  "conflict",
  "redundant",
  "never-matches",
  "forward-blocked",
  "duplicate-forward",
] as const;
export type FindingBadge = (typeof FINDING_BADGES)[number];

export const BADGE_LABEL: Record<FindingBadge, string> = {
  conflict: "conflict",
  redundant: "redundant",
  "never-matches": "never matches",
  "forward-blocked": "forward blocked",
  "duplicate-forward": "duplicate forward",
};

export function badgeOf(f: Finding): FindingBadge {
  switch (f.kind) {
    case "shadowed-conflict":
      return "conflict";
    case "shadowed-redundant":
      return "redundant";
    case "redundant":
      return f.byRuleIds.length === 0 && / never matches: /.test(f.message) ? "never-matches" : "redundant";
    case "nat-blocked":
      return "forward-blocked";
    case "nat-duplicate":
      return "duplicate-forward";
  }
}

export type FindingCounts = { errors: number; warnings: number; rules: number } & Record<FindingBadge, number>;

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = {
    errors: 0,
    warnings: 0,
    rules: 0,
    conflict: 0,
    redundant: 0,
    "never-matches": 0,
    "forward-blocked": 0,
    "duplicate-forward": 0,
  };
  const rules = new Set<string>();
  for (const f of findings) {
    if (f.severity === "error") counts.errors++;
    else counts.warnings++;
    counts[badgeOf(f)]++;
    rules.add(f.ruleId);
  }
  counts.rules = rules.size;
  return counts;
}

/** "1 conflict", "2 conflicts", "3 redundant". */
export function countLabel(badge: FindingBadge, n: number): string {
  return `${n} ${BADGE_LABEL[badge]}${badge === "conflict" && n !== 1 ? "s" : ""}`;
}

/** "2 conflicts, 3 redundant" (zero counts left out); "" when there is nothing. */
export function summarizeCounts(c: FindingCounts): string {
  const parts: string[] = [];
  if (c.conflict) parts.push(`${c.conflict} conflict${c.conflict === 1 ? "" : "s"}`);
  if (c.redundant) parts.push(`${c.redundant} redundant`);
  if (c["never-matches"]) parts.push(`${c["never-matches"]} never matching`);
  if (c["forward-blocked"])
    parts.push(`${c["forward-blocked"]} forward${c["forward-blocked"] === 1 ? "" : "s"} blocked`);
  if (c["duplicate-forward"])
    parts.push(`${c["duplicate-forward"]} duplicate forward${c["duplicate-forward"] === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** Positions (1-based) of the rules a finding names, in the same order as the ids (0 for an unknown id). */
export function positionsOf(ids: readonly string[], position: ReadonlyMap<string, number>): number[] {
  return ids.map((id) => (position.get(id) ?? -1) + 1);
}
