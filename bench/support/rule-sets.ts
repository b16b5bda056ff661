import type { Rule, RuleSetContent } from "@/lib/rules/schema";

/**
 * Deterministic rule sets for the push scenarios: n distinct IPv4 rules, no address lists, so "n rules" is n
 * router items on both vendors. (The shadow-analysis scenario uses the analysis module's own sample set.)
 */
export function benchRuleId(i: number): string {
  return "rb" + i.toString(36).padStart(6, "0");
}

export function benchRule(i: number): Rule {
  const chains = ["input", "forward", "forward", "output"] as const;
  const tcp = i % 3 !== 2;
  return {
    id: benchRuleId(i),
    chain: chains[i % chains.length],
    action: i % 5 === 4 ? "drop" : "accept",
    family: "ipv4",
    protocol: tcp ? "tcp" : "udp",
    src:
      i % 2 === 0
        ? { kind: "any" }
        : { kind: "addresses", values: [`10.${(i >> 8) & 255}.${i & 255}.0/24`], negate: false },
    dst: { kind: "addresses", values: [`192.168.${(i >> 8) & 255}.${i & 255}`], negate: false },
    srcPorts: [],
    dstPorts: [{ from: 1000 + (i % 60000), to: 1000 + (i % 60000) }],
    inInterface: null,
    outInterface: null,
    states: [],
    log: false,
    logPrefix: "",
    comment: `bench rule ${i}`,
    enabled: true,
  };
}

export function benchRuleSet(n: number): RuleSetContent {
  return { rules: Array.from({ length: n }, (_, i) => benchRule(i)), addressLists: [] };
}
