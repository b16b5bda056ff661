import { ruleSchema } from "@/lib/rules/schema";
import type { NatChainRow } from "../driver";
import { rulePieces, sectionLabel, str } from "./import-firewall";
import { parseManagedName } from "./managed-names";
import type { UciSection } from "./uci-export-parse";

/** A redirect's match options, as the rule option fw4 renders the same match from (docs/nat.md "Lockout guard"). */
const MATCH_AS_RULE: Record<string, string> = {
  name: "name",
  src: "src",
  proto: "proto",
  family: "family",
  src_ip: "src_ip",
  src_dip: "dest_ip",
  src_dport: "dest_port",
};
/** Options that say where a match goes or how it is written, not what it matches. */
const NOT_MATCHING = new Set([
  "target",
  "enabled",
  "dest",
  "dest_ip",
  "dest_port",
  "reflection",
  "reflection_src",
  "log",
  "counter",
]);
const OFF = new Set(["0", "off", "false", "no"]);

/**
 * The DNAT `redirect` sections in file order, as the dstnat chain fw4 renders: Rampart's own port forwards
 * (`rampart_<id>`, compile-nat.ts) among the router's. Without `dest_ip` the redirect keeps the packet on the router
 * (reaching SSH through another port); with it the packet goes to that host. What one matches is read as the
 * rule section with the same options would be (`src_dport` is the port a packet arrives for, `src_dip` the
 * address); an option the model cannot read makes the row unevaluable.
 */
export function dstnatRows(sections: readonly UciSection[], ifaceOf: (zone: string) => string): NatChainRow[] {
  const redirects = sections.filter(
    (s) => s.type === "redirect" && (str(s, "target") ?? "DNAT").toUpperCase() === "DNAT",
  );
  return redirects.map((s, i): NatChainRow => {
    const managed = s.name ? parseManagedName(s.name) : null;
    const ruleId = managed?.kind === "rule" ? managed.ruleId : null;
    const base = {
      position: i + 1,
      origin: ruleId ? ("rampart" as const) : ("router" as const),
      ruleId,
      // Rampart's own row is named by its NAT rule's comment, as the guard names RouterOS rows
      label: ruleId ? (str(s, "name") ?? "") : sectionLabel(s),
    };
    if (OFF.has((str(s, "enabled") ?? "1").toLowerCase()))
      return { ...base, effect: { kind: "continue" }, matches: null, unevaluable: null };
    const destPort = str(s, "dest_port");
    const effect: NatChainRow["effect"] =
      destPort !== undefined && !/^\d{1,5}$/.test(destPort)
        ? { kind: "other", action: `DNAT to ports ${destPort}` }
        : {
            kind: "rewrite",
            toAddress: str(s, "dest_ip") ?? null,
            toPort: destPort === undefined ? null : Number(destPort),
          };
    const options = new Map<string, string | string[]>([["target", "ACCEPT"]]);
    for (const [k, v] of s.options) {
      if (NOT_MATCHING.has(k)) continue;
      const as = MATCH_AS_RULE[k];
      if (!as)
        return {
          ...base,
          effect,
          matches: null,
          unevaluable: `option ${k} has no equivalent in Rampart's rule model, so what the redirect matches cannot be evaluated`,
        };
      options.set(as, v);
    }
    const pieces = rulePieces(
      { type: "rule", name: null, ref: s.ref, options, text: "" },
      base.label,
      null,
      ifaceOf,
      new Map(),
    );
    if ("reason" in pieces) return { ...base, effect, matches: null, unevaluable: pieces.reason };
    const matches = pieces.flatMap((p) => {
      if (p.family === "ipv6") return [];
      const rule = ruleSchema.safeParse({ id: "rrouter00", family: "ipv4", protocol: p.protocol, ...p.base });
      return rule.success ? [rule.data] : [];
    });
    return { ...base, effect, matches, unevaluable: null };
  });
}
