import { makeRule } from "../make-rule";
import type { AddressList, AddressMatch, Chain, Rule, RuleSetContent } from "../schema";
import { seededRandom } from "./prng";

/**
 * A made-up but plausible rule set of any size for benchmarks: per chain an "established,related" accept
 * first and a catch-all drop last, between them service rules over a small pool of subnets, ports,
 * interfaces and address lists, so rules overlap the way real ones do. Deterministic for a given seed.
 */

const SERVICE_PORTS = [22, 25, 53, 80, 123, 443, 465, 993, 1194, 3389, 5060, 8080, 8443, 51820];
const INTERFACES = ["ether1", "ether2", "ether3", "ether4", "ether5", "bridge", "wg0", "vlan10"];
const LIST_COUNT = 20;

/**
 * `density` narrows the address pool: 1 spreads rules over 65,536 /24 networks as large real rule sets do
 * (many rules per host or customer, few overlaps); higher values crowd them into fewer networks, for
 * stress-testing heavy overlap.
 */
export function sampleRuleSet(n: number, seed = 1, density = 1): RuleSetContent {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  const spread = Math.max(1, Math.round(255 / density));
  const a = () => int(0, spread);
  const v4 = (host: boolean) => (host ? `10.${a()}.${a()}.${int(1, 254)}` : `10.${a()}.${a()}.0/24`);
  const v6 = (host: boolean) => `2001:db8:${a().toString(16)}:${a().toString(16)}${host ? `::${int(1, 254).toString(16)}` : "::/64"}`;

  const addressLists: AddressList[] = [];
  for (let l = 0; l < LIST_COUNT; l++) {
    const addresses = new Set<string>();
    const size = int(3, 40);
    while (addresses.size < size) addresses.add(chance(0.8) ? v4(chance(0.5)) : v6(chance(0.5)));
    addressLists.push({ name: `list${l}`, entries: [...addresses].map((address) => ({ address, comment: "" })) });
  }

  const address = (family: Rule["family"], anyShare: number): AddressMatch => {
    if (chance(anyShare)) return { kind: "any" };
    if (chance(0.4)) return { kind: "list", list: `list${int(0, LIST_COUNT - 1)}`, negate: chance(0.01) };
    const values = new Set<string>();
    const count = int(1, 3);
    // A "both" rule names addresses of one family per side, or it could never match (the schema refuses that).
    while (values.size < count) values.add(family === "ipv6" ? v6(chance(0.5)) : v4(chance(0.5)));
    return { kind: "addresses", values: [...values], negate: chance(0.01) };
  };

  const base = (id: number, chain: Chain): Rule => makeRule({ chain, comment: `rule ${id + 1}` }, () => `r${String(id).padStart(7, "0")}`);

  const chains: [Chain, number][] = [
    ["input", 0.3],
    ["forward", 0.6],
    ["output", 0.1],
  ];
  const rules: Rule[] = [];
  let id = 0;
  for (const [chain, share] of chains) {
    const count = Math.max(2, Math.round(n * share));
    rules.push({ ...base(id++, chain), states: ["established", "related"], comment: `${chain}: established` });
    for (let k = 0; k < count - 2 && rules.length < n - 1; k++) {
      const r = base(id++, chain);
      r.action = chance(0.7) ? "accept" : chance(0.66) ? "drop" : "reject";
      r.family = chance(0.7) ? "ipv4" : chance(0.66) ? "both" : "ipv6";
      const proto = random();
      r.protocol = proto < 0.6 ? "tcp" : proto < 0.85 ? "udp" : proto < 0.95 ? (r.family === "ipv6" ? "icmpv6" : "icmp") : "any";
      // Broad matches (every port, every protocol) come with specific addresses on both sides, as they do
      // in real rule sets; negation is rare.
      const broad = r.protocol === "any" || r.protocol.startsWith("icmp") || chance(0.05);
      if ((r.protocol === "tcp" || r.protocol === "udp") && !broad) {
        const kind = random();
        const port = kind < 0.7 ? pick(SERVICE_PORTS) : int(1024, 65000);
        r.dstPorts = kind < 0.85 ? [{ from: port, to: port }] : [{ from: port, to: port + int(1, 500) }];
      }
      r.src = address(r.family, broad ? 0 : 0.25);
      r.dst = address(r.family, broad || r.src.kind === "any" ? 0 : 0.4);
      if (chain !== "output" && chance(0.4)) r.inInterface = pick(INTERFACES);
      if (chain !== "input" && chance(0.2)) r.outInterface = pick(INTERFACES);
      r.states = chance(0.8) ? [] : ["new"];
      r.enabled = chance(0.95);
      rules.push(r);
    }
    rules.push({ ...base(id++, chain), action: "drop", comment: `${chain}: drop the rest` });
  }
  return { rules, addressLists };
}
