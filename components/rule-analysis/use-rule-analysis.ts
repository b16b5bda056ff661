"use client";

import { useEffect, useMemo, useState } from "react";
import type { FindingView } from "@/lib/analysis/schemas";
import type { AddressList, NatRule, Rule } from "@/lib/rules/schema";
import { analysisClient, type AnalysisResult } from "./analysis-client";

export type RuleAnalysisState = {
  /** The newest finished analysis (kept while a newer one runs, so badges do not flicker). */
  result: AnalysisResult | null;
  byRule: ReadonlyMap<string, FindingView[]>;
  pending: boolean;
  error: string | null;
};

const EMPTY: ReadonlyMap<string, FindingView[]> = new Map();

/**
 * Analyses rules and lists as they are now, debounced and in the shared worker. `key` separates independent
 * analyses on one page (the list, the panel's draft); `null` rules switch it off.
 */
export function useRuleAnalysis(
  key: string,
  rules: Rule[] | null,
  addressLists: AddressList[],
  delayMs = 250,
  /** NAT rules, for the NAT findings (a forward the filter drops, two forwards of one port). */
  nat?: NatRule[],
): RuleAnalysisState {
  const [result, setResult] = useState<AnalysisResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(rules !== null);

  useEffect(
    () =>
      analysisClient().subscribe(key, (reply) => {
        setPending(false);
        if (reply.ok) {
          setResult(reply.result);
          setError(null);
        } else setError(reply.message);
      }),
    [key],
  );

  // New input: pending at once (in this render), or, switched off, nothing to show.
  const [input, setInput] = useState({ key, rules, addressLists, nat });
  if (input.key !== key || input.rules !== rules || input.addressLists !== addressLists || input.nat !== nat) {
    setInput({ key, rules, addressLists, nat });
    if (rules === null) setResult(null);
    setPending(rules !== null);
  }

  useEffect(() => {
    if (rules === null) return;
    const content = nat?.length ? { rules, addressLists, nat } : { rules, addressLists };
    const timer = setTimeout(() => analysisClient().request(key, content), delayMs);
    return () => clearTimeout(timer);
  }, [key, rules, addressLists, delayMs, nat]);

  const byRule = useMemo(() => {
    if (!result) return EMPTY;
    const map = new Map<string, FindingView[]>();
    for (const f of result.findings) map.set(f.ruleId, [...(map.get(f.ruleId) ?? []), f]);
    return map;
  }, [result]);

  return { result, byRule, pending, error };
}
