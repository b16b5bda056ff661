import type { z } from "zod";
import type { ruleFieldsSchema } from "./schema";
import { checkMatchers } from "./matchers";
import { parseValidSpecs } from "./validate-address";

type RuleFields = z.infer<typeof ruleFieldsSchema>;

// A protocol number that has a name is stored by name, so one rule never has two spellings (diffs, describe).
const NAMED_NUMBERS: Record<number, string> = { 1: "icmp", 6: "tcp", 17: "udp", 58: "icmpv6" };

/**
 * Checks between fields of one rule. Zod runs this even when a field failed on its own, so every check
 * reads defensively and stays silent about values another issue already names.
 */
export function checkRule(rule: RuleFields, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });

  if (typeof rule.protocol === "number" && NAMED_NUMBERS[rule.protocol]) {
    issue(
      ["protocol"],
      `protocol number ${rule.protocol} is ${NAMED_NUMBERS[rule.protocol]}; choose ${NAMED_NUMBERS[rule.protocol]} instead`,
    );
  }
  if (rule.protocol === "icmp" && rule.family === "ipv6")
    issue(["protocol"], "protocol icmp is for IPv4; use icmpv6 in an ipv6 rule");
  if (rule.protocol === "icmpv6" && rule.family === "ipv4")
    issue(["protocol"], "protocol icmpv6 is for IPv6; use icmp in an ipv4 rule");

  const portsAllowed = rule.protocol === "tcp" || rule.protocol === "udp";
  for (const field of ["srcPorts", "dstPorts"] as const) {
    if (!portsAllowed && rule[field].length > 0) issue([field], "ports need protocol tcp or udp");
  }

  if (rule.chain === "output" && rule.inInterface !== null)
    issue(["inInterface"], "in-interface is not allowed on the output chain");
  if (rule.chain === "input" && rule.outInterface !== null)
    issue(["outInterface"], "out-interface is not allowed on the input chain");

  const seenStates = new Set<string>();
  rule.states.forEach((state, i) => {
    if (seenStates.has(state)) issue(["states", i], `state ${state} is listed twice`);
    seenStates.add(state);
  });

  if (!rule.log && rule.logPrefix !== "") issue(["logPrefix"], "a log prefix needs logging turned on");

  checkAddressFamilies(rule, issue);
  checkMatchers(rule, issue);
}

function checkAddressFamilies(rule: RuleFields, issue: (path: (string | number)[], message: string) => void): void {
  const familiesBySide: Record<"src" | "dst", Set<string>> = { src: new Set(), dst: new Set() };
  for (const side of ["src", "dst"] as const) {
    const match = rule[side];
    if (match.kind !== "addresses") continue;
    parseValidSpecs(match.values).forEach((spec, i) => {
      if (!spec) return;
      familiesBySide[side].add(spec.family);
      if (rule.family === "ipv4" && spec.family === "ipv6")
        issue([side, "values", i], "an IPv6 address in an ipv4 rule");
      if (rule.family === "ipv6" && spec.family === "ipv4")
        issue([side, "values", i], "an IPv4 address in an ipv6 rule");
    });
  }
  // In a rule for both families, IPv4-only sources with IPv6-only destinations can never match a packet.
  const { src, dst } = familiesBySide;
  if (rule.family === "both" && src.size === 1 && dst.size === 1 && !src.has([...dst][0])) {
    const srcName = src.has("ipv4") ? "IPv4" : "IPv6";
    const dstName = dst.has("ipv4") ? "IPv4" : "IPv6";
    issue(["dst", "values", 0], `sources are ${srcName} but destinations are ${dstName}; no packet can match both`);
  }
}
