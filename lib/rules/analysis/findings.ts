import { z } from "zod";
import type { Action, Chain } from "../schema";
import type { CompiledRule } from "./compile-rule";
import type { RuleAnalysis } from "./chain-analysis";

/**
 * Analysis results as findings a person reads: rules are named by 1-based position in the rule set and their
 * comment, as the editor lists them.
 */

export const findingKindSchema = z.enum([
  "shadowed-redundant",
  "shadowed-conflict",
  "redundant",
  // NAT (./nat-findings.ts)
  "nat-blocked",
  "nat-duplicate",
]);
export const findingSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(["warning", "error"]),
  kind: findingKindSchema,
  /** The earlier rules that cover it (shadowed) or the later rules that decide its packets alike (redundant). */
  byRuleIds: z.array(z.string()),
  message: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;
export type FindingKind = z.infer<typeof findingKindSchema>;

const VERB: Record<Action, string> = { accept: "accepts", drop: "drops", reject: "rejects" };
const PAST: Record<Action, string> = { accept: "accepted", drop: "dropped", reject: "rejected" };
// Drop and reject both refuse the packet; only accept against either is a conflict of intent.
const INTENT: Record<Action, "allow" | "deny"> = { accept: "allow", drop: "deny", reject: "deny" };

export function findingFor(analysis: RuleAnalysis, chain: Chain, defaultPolicy: Action): Finding | null {
  const subject = analysis.rule;
  const id = subject.rule.id;
  const name = label(subject);
  const action = subject.rule.action;
  switch (analysis.status) {
    case "needed":
      return null;
    case "never-matches":
      return {
        ruleId: id,
        severity: "warning",
        kind: "redundant",
        byRuleIds: [],
        message: `${capitalize(name)} never matches: ${analysis.reasons.join("; ")}`,
      };
    case "shadowed": {
      const conflict = analysis.by.some((r) => INTENT[r.rule.action] !== INTENT[action]);
      const actions = new Set(analysis.by.map((r) => r.rule.action));
      const who =
        analysis.by.length === 1 ? label(analysis.by[0]) : `rules ${joinAnd(analysis.by.map(shortLabel))} together`;
      const verb = analysis.by.length === 1 ? VERB : { accept: "accept", drop: "drop", reject: "reject" };
      const what =
        actions.size > 1
          ? `already decide every packet it would ${action} (${analysis.by.map((r) => `#${r.index + 1} ${VERB[r.rule.action]}`).join(", ")})`
          : `already ${verb[analysis.by[0].rule.action]} every packet it would ${actions.has(action) ? "see" : action}`;
      return {
        ruleId: id,
        severity: conflict ? "error" : "warning",
        kind: conflict ? "shadowed-conflict" : "shadowed-redundant",
        byRuleIds: analysis.by.map((r) => r.rule.id),
        message: `${capitalize(name)} never matches: ${who} ${what}`,
      };
    }
    case "redundant": {
      const deciders: string[] = [];
      if (analysis.by.length > 0)
        deciders.push(
          analysis.by.length === 1 ? label(analysis.by[0]) : `rules ${joinAnd(analysis.by.map(shortLabel))}`,
        );
      if (analysis.byDefaultPolicy) deciders.push(`the ${chain} chain's default policy (${defaultPolicy})`);
      return {
        ruleId: id,
        severity: "warning",
        kind: "redundant",
        byRuleIds: analysis.by.map((r) => r.rule.id),
        message:
          `${capitalize(name)} is redundant: every packet it decides would still be ${PAST[action]} by ${deciders.join(" or ")}` +
          (analysis.afterShadowedRemoved ? ", once the rules that never match are removed" : ""),
      };
    }
  }
}

function label(r: CompiledRule): string {
  return `rule ${shortLabel(r)}`;
}

function shortLabel(r: CompiledRule): string {
  const comment = r.rule.comment.trim();
  return comment === "" ? `#${r.index + 1}` : `#${r.index + 1} (${comment})`;
}

function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
