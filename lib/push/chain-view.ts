import { analyzeRuleSet } from "@/lib/rules/analysis";
import { CHAINS, type Rule } from "@/lib/rules/schema";
import type { ChainRow, ResultingChain } from "@/lib/routers/driver";
import type { RuleSetContent } from "@/lib/rules/schema";
import { rowDescription, rowName } from "./chain-walk";
import type { ChainRowView, ResultingChainView } from "./schemas";

/**
 * The router's chains after a push as the preview shows them, and which rows one side makes unreachable for
 * the other: a Rampart rule above the router's defaults that decides everything they would see (a "drop all"),
 * or a router rule above Rampart's that does. The shadowing analysis of lib/rules runs on the rows that can be
 * evaluated; a row that cannot is never the reason for a finding, and an unevaluable row between does not
 * change one (an earlier row that decides every packet of a later one does so whatever stands between).
 */
export function resultingChainView(chain: ResultingChain, content: RuleSetContent): ResultingChainView {
  const number = new Map(content.rules.map((r, i) => [r.id, i + 1]));
  const unreachable = findUnreachable(chain, number);
  const rows = chain.rows.map((row, i): ChainRowView => ({
    family: row.family,
    chain: row.chain,
    position: row.position,
    origin: row.origin,
    ruleId: row.ruleId,
    ruleNumber: row.ruleId ? (number.get(row.ruleId) ?? null) : null,
    label: row.label,
    verdict: row.verdict,
    description: row.rule ? rowDescription(row) : null,
    unevaluable: row.unevaluable,
    unreachable: unreachable.get(i) ?? null,
  }));
  return {
    rows,
    policies: chain.policies,
    unevaluableCount: rows.filter((r) => r.unevaluable !== null).length,
    unreachableCount: unreachable.size,
  };
}

function findUnreachable(chain: ResultingChain, number: Map<string, number>): Map<number, string> {
  const out = new Map<number, string>();
  // Only rows of both origins can make one unreachable for the other.
  if (!chain.rows.some((r) => r.origin !== "rampart" && r.rule) || !chain.rows.some((r) => r.origin === "rampart"))
    return out;
  for (const family of ["ipv4", "ipv6"] as const) {
    const lists = chain.addressLists.find((l) => l.family === family) ?? { lists: [], unevaluable: [] };
    const bad = new Set(lists.unevaluable.map((u) => u.name));
    const index: number[] = [];
    const rules: Rule[] = [];
    chain.rows.forEach((row, i) => {
      if (row.family !== family || !row.rule || row.unevaluable || !(CHAINS as readonly string[]).includes(row.chain))
        return;
      if ([row.rule.src, row.rule.dst].some((m) => m.kind === "list" && bad.has(m.list))) return;
      index.push(i);
      rules.push({ ...row.rule, id: `rrow${String(rules.length).padStart(6, "0")}` });
    });
    if (rules.length === 0) continue;
    const at = new Map(rules.map((r, k) => [r.id, index[k]]));
    const policy = Object.fromEntries(
      CHAINS.map((c) => [c, chain.policies.find((p) => p.family === family && p.chain === c)?.verdict ?? "accept"]),
    );
    const known = Object.fromEntries(
      Object.entries(policy).filter(([, v]) => v === "accept" || v === "drop" || v === "reject"),
    );
    const analysis = analyzeRuleSet({ rules, addressLists: lists.lists }, { defaultPolicy: known });
    for (const f of analysis.findings) {
      if (f.kind !== "shadowed-redundant" && f.kind !== "shadowed-conflict") continue;
      const subject = chain.rows[at.get(f.ruleId)!];
      const by = f.byRuleIds.map((id) => chain.rows[at.get(id)!]).filter((r): r is ChainRow => !!r);
      const other = by.filter((r) => (r.origin === "rampart") !== (subject.origin === "rampart"));
      if (other.length === 0) continue;
      const name = (r: ChainRow) => rowName(r, r.ruleId ? (number.get(r.ruleId) ?? null) : null);
      out.set(
        at.get(f.ruleId)!,
        `never reached: ${by.map(name).join(" and ")} ${by.length === 1 ? "decides" : "decide"} every packet it would see`,
      );
    }
  }
  return out;
}
