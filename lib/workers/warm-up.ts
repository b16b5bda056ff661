import { makeRule } from "@/lib/rules/make-rule";
import type { AddressList, AddressMatch, Chain, Rule, RuleSetContent } from "@/lib/rules/schema";
import { seededRandom } from "@/lib/rules/analysis/prng";

/**
 * What a worker thread analyses while it has nothing else to do, right after it starts: a few small crowded
 * rule sets, so V8 has compiled the analysis's hot paths before the first real request (a first large analysis
 * otherwise pays for that compilation itself, a few hundred milliseconds). Each run is one short step, and the
 * worker takes a job between steps: a request waits for at most one of them.
 */
export const WARM_UP_RUNS = 6;
export const WARM_UP_RULES = 400;

/**
 * A made-up rule set that meets the paths of the analysis a large crowded one does: nested prefixes of both
 * families, address lists, negations, overlapping port ranges, several protocols, interfaces both ways, states,
 * disabled, shadowed and redundant rules. Deterministic for a seed.
 */
export function warmUpRuleSet(seed: number, n = WARM_UP_RULES): RuleSetContent {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const chance = (p: number) => random() < p;
  const v4 = () => {
    const depth = random();
    if (depth < 0.1) return `10.${int(0, 3)}.0.0/16`;
    if (depth < 0.4) return `10.${int(0, 3)}.${int(0, 7)}.0/24`;
    if (depth < 0.6) return `10.${int(0, 3)}.${int(0, 7)}.${16 * int(0, 15)}/28`;
    return `10.${int(0, 3)}.${int(0, 7)}.${int(1, 40)}`;
  };
  const v6 = () => `2001:db8:${int(0, 3)}:${int(0, 7)}::${chance(0.5) ? "/64" : int(1, 40).toString(16)}`;
  const ports = [
    [{ from: 22, to: 22 }],
    [{ from: 80, to: 80 }],
    [
      { from: 80, to: 80 },
      { from: 443, to: 443 },
    ],
    [{ from: 1, to: 1023 }],
    [{ from: 1000, to: 2000 }],
    [{ from: 1500, to: 2500 }],
  ];
  const addressLists: AddressList[] = [0, 1, 2, 3].map((l) => ({
    name: `zone${l}`,
    entries: Array.from({ length: int(2, 12) }, () => ({ address: chance(0.8) ? v4() : v6(), comment: "" })).filter(
      (e, i, all) => all.findIndex((o) => o.address === e.address) === i,
    ),
  }));
  const chains: Chain[] = ["input", "forward", "output"];
  const rules: Rule[] = [];
  for (let i = 0; i < n; i++) {
    const chain = chains[i % 3];
    const family = chance(0.75) ? "ipv4" : chance(0.1) ? "both" : "ipv6";
    const p = random();
    const protocol: Rule["protocol"] =
      p < 0.5
        ? "tcp"
        : p < 0.75
          ? "udp"
          : p < 0.85
            ? family === "ipv4"
              ? "icmp"
              : family === "ipv6"
                ? "icmpv6"
                : 47
            : p < 0.9
              ? 47
              : "any";
    const portful = protocol === "tcp" || protocol === "udp";
    const dstPorts = portful && (family === "both" || chance(0.85)) ? ports[int(0, ports.length - 1)] : [];
    const address = (anyShare: number): AddressMatch => {
      if (family === "both" || chance(anyShare)) return { kind: "any" };
      if (chance(0.25)) return { kind: "list", list: `zone${int(0, 3)}`, negate: chance(0.03) };
      const values = Array.from({ length: int(1, 3) }, () => (family === "ipv6" ? v6() : v4()));
      return { kind: "addresses", values: [...new Set(values)], negate: chance(0.03) };
    };
    const src = address(dstPorts.length === 0 ? 0 : 0.3);
    rules.push(
      makeRule(
        {
          chain,
          family,
          protocol,
          action: chance(0.6) ? "accept" : chance(0.7) ? "drop" : "reject",
          dstPorts,
          srcPorts: portful && chance(0.08) ? [{ from: 1024, to: 65535 }] : [],
          src,
          dst: address(dstPorts.length === 0 || src.kind === "any" ? 0 : 0.4),
          inInterface: chain !== "output" && chance(0.3) ? `ether${int(1, 4)}` : null,
          outInterface: chain !== "input" && chance(0.15) ? `ether${int(1, 4)}` : null,
          states: chance(0.75) ? [] : chance(0.7) ? ["new"] : ["new", "invalid"],
          enabled: chance(0.95),
        },
        () => `r${String(i).padStart(7, "0")}`,
      ),
    );
  }
  return { rules, addressLists };
}
