import { makeRule } from "@/lib/rules/make-rule";
import type { AddressList, AddressMatch, Chain, Rule, RuleSetContent } from "@/lib/rules/schema";
import { seededRandom } from "@/lib/rules/analysis/prng";

/**
 * A made-up but plausible rule set of any size for benchmarks: per chain an "established,related" accept
 * first and a catch-all drop last, between them service rules over a small pool of subnets, ports,
 * interfaces and address lists, so rules overlap the way real ones do. Deterministic for a given seed.
 */

const SERVICE_PORTS = [22, 25, 53, 80, 123, 443, 465, 993, 1194, 3389, 5060, 8080, 8443, 51820];
const INTERFACES = ["ether1", "ether2", "ether3", "ether4", "ether5", "bridge", "wg0", "vlan10"];
const LIST_COUNT = 20;

function randomTools(seed: number) {
  const random = seededRandom(seed);
  return {
    random,
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)],
    chance: (p: number) => random() < p,
    int: (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1)),
  };
}

const CHAIN_SHARES: [Chain, number][] = [
  ["input", 0.3],
  ["forward", 0.6],
  ["output", 0.1],
];

/** Per chain, by its share of n: an "established,related" accept first, `service` rules, a catch-all drop last. */
function layOutChains(n: number, service: (r: Rule, chain: Chain) => Rule): Rule[] {
  const base = (id: number, chain: Chain): Rule =>
    makeRule({ chain, comment: `rule ${id + 1}` }, () => `r${String(id).padStart(7, "0")}`);
  const rules: Rule[] = [];
  let id = 0;
  for (const [chain, share] of CHAIN_SHARES) {
    const count = Math.max(2, Math.round(n * share));
    rules.push({ ...base(id++, chain), states: ["established", "related"], comment: `${chain}: established` });
    for (let k = 0; k < count - 2 && rules.length < n - 1; k++) rules.push(service(base(id++, chain), chain));
    rules.push({ ...base(id++, chain), action: "drop", comment: `${chain}: drop the rest` });
  }
  return rules;
}

/**
 * `density` narrows the address pool: 1 spreads rules over 65,536 /24 networks as large real rule sets do
 * (many rules per host or customer, few overlaps); higher values crowd them into fewer networks, for
 * stress-testing heavy overlap.
 */
export function sampleRuleSet(n: number, seed = 1, density = 1): RuleSetContent {
  const { random, pick, chance, int } = randomTools(seed);

  const spread = Math.max(1, Math.round(255 / density));
  const a = () => int(0, spread);
  const v4 = (host: boolean) => (host ? `10.${a()}.${a()}.${int(1, 254)}` : `10.${a()}.${a()}.0/24`);
  const v6 = (host: boolean) =>
    `2001:db8:${a().toString(16)}:${a().toString(16)}${host ? `::${int(1, 254).toString(16)}` : "::/64"}`;

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

  const rules = layOutChains(n, (r, chain) => {
    r.action = chance(0.7) ? "accept" : chance(0.66) ? "drop" : "reject";
    r.family = chance(0.7) ? "ipv4" : chance(0.66) ? "both" : "ipv6";
    const proto = random();
    r.protocol =
      proto < 0.6 ? "tcp" : proto < 0.85 ? "udp" : proto < 0.95 ? (r.family === "ipv6" ? "icmpv6" : "icmp") : "any";
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
    return r;
  });
  return { rules, addressLists };
}

/**
 * A rule set where rules overlap as much as in a crowded real one, for the analysis's worst realistic case:
 * addresses come from one small tree of nested prefixes (a /8, /16s in it, /24s in those, /26s, /28s and hosts
 * in them) plus address lists built from the same tree; ports from a few services and ranges that overlap one
 * another (1000-2000, 1500-2500, 1-1023, ...); protocols tcp, udp, icmp/icmpv6, gre and "any"; some rules on
 * both families. Most rules thus meet hundreds of earlier ones, partly, and many are covered only by the
 * union of several. Deterministic for a given seed.
 */
export function heavyOverlapRuleSet(n: number, seed = 1): RuleSetContent {
  const { random, pick, chance, int } = randomTools(seed);

  // 10.0.0.0/8 > 10.{0..3}.0.0/16 > 10.x.{0..7}.0/24 > /26 > /28 > hosts: every deeper pick nests in a shallower one.
  const v4 = (): string => {
    const depth = random();
    const b = int(0, 3);
    const c = int(0, 7);
    if (depth < 0.005) return "10.0.0.0/8";
    if (depth < 0.03) return `10.${b}.0.0/16`;
    if (depth < 0.15) return `10.${b}.${c}.0/24`;
    if (depth < 0.3) return `10.${b}.${c}.${64 * int(0, 3)}/26`;
    if (depth < 0.5) return `10.${b}.${c}.${16 * int(0, 15)}/28`;
    return `10.${b}.${c}.${int(1, 40)}`;
  };
  const v6 = (): string => {
    const depth = random();
    const b = int(0, 3).toString(16);
    if (depth < 0.01) return "2001:db8::/32";
    if (depth < 0.1) return `2001:db8:${b}::/48`;
    if (depth < 0.4) return `2001:db8:${b}:${int(0, 7).toString(16)}::/64`;
    return `2001:db8:${b}:${int(0, 7).toString(16)}::${int(1, 40).toString(16)}`;
  };
  const PORTS: { from: number; to: number }[][] = [
    [{ from: 22, to: 22 }],
    [{ from: 80, to: 80 }],
    [{ from: 443, to: 443 }],
    [
      { from: 80, to: 80 },
      { from: 443, to: 443 },
    ],
    [{ from: 53, to: 53 }],
    [{ from: 1, to: 1023 }],
    [{ from: 1000, to: 2000 }],
    [{ from: 1500, to: 2500 }],
    [{ from: 8000, to: 8100 }],
    [{ from: 8080, to: 8080 }],
    [
      { from: 3000, to: 3999 },
      { from: 8443, to: 8443 },
    ],
  ];

  const addressLists: AddressList[] = [];
  for (let l = 0; l < 12; l++) {
    const entries = new Set<string>();
    const size = int(2, 25);
    while (entries.size < size) entries.add(chance(0.8) ? v4() : v6());
    addressLists.push({ name: `zone${l}`, entries: [...entries].map((address) => ({ address, comment: "" })) });
  }
  const address = (family: Rule["family"], anyShare: number): AddressMatch => {
    if (chance(anyShare)) return { kind: "any" };
    if (chance(0.25)) return { kind: "list", list: `zone${int(0, 11)}`, negate: chance(0.03) };
    const values = new Set<string>();
    const count = int(1, 3);
    while (values.size < count) values.add(family === "ipv6" ? v6() : v4());
    return { kind: "addresses", values: [...values], negate: chance(0.03) };
  };

  const rules = layOutChains(n, (r, chain) => {
    r.action = chance(0.6) ? "accept" : chance(0.7) ? "drop" : "reject";
    r.family = chance(0.75) ? "ipv4" : chance(0.08) ? "both" : "ipv6";
    const proto = random();
    r.protocol =
      proto < 0.5
        ? "tcp"
        : proto < 0.75
          ? "udp"
          : proto < 0.85
            ? r.family === "ipv6"
              ? "icmpv6"
              : r.family === "both"
                ? 47
                : "icmp"
            : proto < 0.9
              ? 47
              : "any";
    const ports = r.protocol === "tcp" || r.protocol === "udp";
    if (ports && (r.family === "both" || chance(0.85))) r.dstPorts = pick(PORTS);
    if (ports && chance(0.08)) r.srcPorts = [{ from: 1024, to: 65535 }];
    // Rules for every port or protocol name addresses on both sides, as in real rule sets; "both" rules name
    // none (one family's addresses would leave the other half empty), so they keep to a service's ports.
    const broad = r.dstPorts.length === 0;
    r.src = r.family === "both" ? { kind: "any" } : address(r.family, broad ? 0 : 0.3);
    r.dst = r.family === "both" ? { kind: "any" } : address(r.family, broad || r.src.kind === "any" ? 0 : 0.4);
    if (chain !== "output" && (r.family === "both" || chance(0.3))) r.inInterface = pick(INTERFACES.slice(0, 4));
    if (chain !== "input" && chance(0.15)) r.outInterface = pick(INTERFACES.slice(0, 4));
    r.states = chance(0.75) ? [] : chance(0.7) ? ["new"] : ["new", "invalid"];
    r.enabled = chance(0.95);
    return r;
  });
  return { rules, addressLists };
}
