import { describe, expect, test } from "vitest";
import { parseAddressSpec } from "../address";
import {
  CHAINS,
  type Action,
  type AddressList,
  type AddressMatch,
  type Chain,
  type Rule,
  type RuleSetContent,
} from "../schema";
import { analyzeChains, analyzeRuleSet } from "./analyze-rule-set";
import type { RuleAnalysis } from "./chain-analysis";
import { compileRule, resolveAddressLists, type CompiledRule } from "./compile-rule";
import { findingFor, type Finding } from "./findings";
import { intersectBox, subtractBox, type Box } from "./match-space";
import { heavyOverlapRuleSet } from "@/tests/support/sample-rule-set";
import { examplePacket } from "./example-packet";
import type { Packet } from "./packet-schema";
import { testPacket } from "./packet-tester";
import { seededRandom } from "./prng";

/**
 * Random small rule sets over a tiny universe (a handful of addresses, ports and interfaces, so random packets
 * hit every boundary), checked against a brute-force evaluator written here from the rule model alone.
 */

const POLICY = { input: "drop", forward: "accept", output: "accept" } as const;

// ---- brute force: first match, every field checked directly ----

function bruteFirstMatch(c: RuleSetContent, p: Packet): string | "default-policy" {
  for (const rule of c.rules) if (bruteMatches(rule, p, c.addressLists)) return rule.id;
  return "default-policy";
}

function bruteVerdict(c: RuleSetContent, p: Packet): string {
  const id = bruteFirstMatch(c, p);
  return id === "default-policy" ? POLICY[p.chain] : c.rules.find((r) => r.id === id)!.action;
}

function bruteMatches(rule: Rule, p: Packet, lists: AddressList[]): boolean {
  const family = p.src.includes(":") ? "ipv6" : "ipv4";
  const proto = typeof p.protocol === "number" ? p.protocol : { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 }[p.protocol];
  if (!rule.enabled || rule.chain !== p.chain) return false;
  if (rule.family !== "both" && rule.family !== family) return false;
  if (rule.protocol === "tcp" && proto !== 6) return false;
  if (rule.protocol === "udp" && proto !== 17) return false;
  if (rule.protocol === "icmp" && (proto !== 1 || family !== "ipv4")) return false;
  if (rule.protocol === "icmpv6" && (proto !== 58 || family !== "ipv6")) return false;
  if (typeof rule.protocol === "number" && proto !== rule.protocol) return false;
  const hasPorts = proto === 6 || proto === 17;
  if (
    rule.srcPorts.length > 0 &&
    !(hasPorts && p.srcPort !== undefined && rule.srcPorts.some((r) => r.from <= p.srcPort! && p.srcPort! <= r.to))
  )
    return false;
  if (
    rule.dstPorts.length > 0 &&
    !(hasPorts && p.dstPort !== undefined && rule.dstPorts.some((r) => r.from <= p.dstPort! && p.dstPort! <= r.to))
  )
    return false;
  if (!addressMatches(rule.src, p.src, lists) || !addressMatches(rule.dst, p.dst, lists)) return false;
  if (rule.inInterface !== null && rule.inInterface !== p.inInterface) return false;
  if (rule.outInterface !== null && rule.outInterface !== p.outInterface) return false;
  if (rule.states.length > 0 && !rule.states.includes(p.state)) return false;
  return bruteMatchersHold(rule, p);
}

/** ICMP types, TTL, NAT state and rate limit (issue #20), straight from their meaning. */
function bruteMatchersHold(rule: Rule, p: Packet): boolean {
  if (rule.icmpTypes?.length) {
    if (p.icmpType === undefined) return false;
    if (!rule.icmpTypes.some((t) => t.type === p.icmpType && (t.code === undefined || t.code === (p.icmpCode ?? 0))))
      return false;
  }
  if (rule.ttl) {
    const ttl = p.ttl ?? 64;
    const v = rule.ttl.value;
    const ok = { equal: ttl === v, "not-equal": ttl !== v, "less-than": ttl < v, "greater-than": ttl > v }[rule.ttl.op];
    if (!ok) return false;
  }
  if (rule.natState === "dstnat" && !p.dstNatted) return false;
  if (rule.natState === "not-dstnat" && p.dstNatted) return false;
  return !(rule.rateLimit && p.overLimit);
}

function addressMatches(match: AddressMatch, address: string, lists: AddressList[]): boolean {
  if (match.kind === "any") return true;
  const texts =
    match.kind === "list"
      ? (lists.find((l) => l.name === match.list)?.entries.map((e) => e.address) ?? [])
      : match.values;
  const a = parseAddressSpec(address);
  const inside =
    a.ok &&
    texts.some((t) => {
      const s = parseAddressSpec(t);
      return s.ok && s.family === a.family && s.from <= a.from && a.from <= s.to;
    });
  return inside !== match.negate;
}

// ---- random generation over a tiny universe ----

const V4 = ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.7", "10.0.0.8", "192.0.2.1"];
const V4_SPECS = [
  "10.0.0.1",
  "10.0.0.2",
  "10.0.0.0/30",
  "10.0.0.0/29",
  "10.0.0.2-10.0.0.5",
  "10.0.0.4/31",
  "0.0.0.0/0",
  "192.0.2.1",
];
const V6 = ["2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3", "2001:db8::9"];
const V6_SPECS = ["2001:db8::1", "2001:db8::/126", "2001:db8::2-2001:db8::9", "::/0"];
const INTERFACES = ["eth0", "eth1"];
const STATES = ["new", "established", "related", "invalid", "untracked"] as const;

function randomContent(random: () => number, seed: number): RuleSetContent {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const some = <T>(items: readonly T[], max: number): T[] => [
    ...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items))),
  ];
  const ports = () =>
    some([1, 2, 3, 5, 8], 2).map((from) => ({
      from,
      to: chance(0.5) ? from : Math.min(9, from + Math.floor(random() * 4)),
    }));

  const addressLists: AddressList[] = [
    {
      name: "alpha",
      entries: some([...V4_SPECS.slice(0, 6), ...V6_SPECS.slice(0, 2)], 3).map((address) => ({ address, comment: "" })),
    },
    { name: "beta", entries: some(V4_SPECS.slice(0, 6), 2).map((address) => ({ address, comment: "" })) },
  ];
  const address = (family: Rule["family"]): AddressMatch => {
    if (chance(0.55)) return { kind: "any" };
    if (chance(0.3)) return { kind: "list", list: pick(["alpha", "beta"]), negate: chance(0.25) };
    const pool = family === "ipv4" ? V4_SPECS : family === "ipv6" ? V6_SPECS : [...V4_SPECS, ...V6_SPECS];
    return { kind: "addresses", values: some(pool, 2), negate: chance(0.25) };
  };

  const icmpTypes = (protocol: Rule["protocol"]): Rule["icmpTypes"] => {
    const types = some(protocol === "icmp" ? [0, 3, 8] : [1, 128, 135], 2);
    return types.map((type) => (chance(0.4) ? { type, code: pick([0, 1]) } : { type }));
  };
  const matchers = (protocol: Rule["protocol"]): Partial<Rule> => ({
    ...((protocol === "icmp" || protocol === "icmpv6") && chance(0.5) ? { icmpTypes: icmpTypes(protocol) } : {}),
    ...(chance(0.2)
      ? {
          ttl: pick([
            { op: "equal", value: 64 },
            { op: "not-equal", value: 1 },
            { op: "less-than", value: 2 },
            { op: "less-than", value: 65 },
            { op: "greater-than", value: 63 },
            { op: "greater-than", value: 0 },
          ] as const),
        }
      : {}),
    ...(chance(0.15) ? { natState: pick(["dstnat", "not-dstnat"] as const) } : {}),
    ...(chance(0.15) ? { rateLimit: { rate: 10, per: "second", burst: 5 } as const } : {}),
  });

  const rules: Rule[] = Array.from({ length: 2 + Math.floor(random() * 7) }, (_, i) => {
    const chain: Chain = pick(["input", "forward", "forward", "forward", "output"]);
    const family = pick(["ipv4", "ipv4", "ipv4", "ipv6", "both", "both"] as const);
    const protocol = pick(
      family === "ipv6"
        ? (["any", "tcp", "tcp", "udp", "icmpv6", 47] as const)
        : (["any", "any", "tcp", "tcp", "udp", "icmp", 47] as const),
    );
    const portsAllowed = protocol === "tcp" || protocol === "udp";
    return {
      id: `rrand${seed}x${i}`,
      chain,
      action: pick(["accept", "drop", "reject"] as const),
      family,
      protocol,
      src: address(family),
      dst: address(family),
      srcPorts: portsAllowed && chance(0.25) ? ports() : [],
      dstPorts: portsAllowed && chance(0.5) ? ports() : [],
      inInterface: chain !== "output" && chance(0.2) ? pick(INTERFACES) : null,
      outInterface: chain !== "input" && chance(0.2) ? pick(INTERFACES) : null,
      states: chance(0.3) ? some(STATES, 3) : [],
      log: false,
      logPrefix: "",
      comment: "",
      enabled: chance(0.85),
      ...matchers(protocol),
    };
  });
  return { rules, addressLists };
}

function randomPacket(random: () => number, chain?: Chain): Packet {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const v6 = random() < 0.3;
  const protocol = pick(v6 ? (["tcp", "udp", "icmpv6", 47, 1] as const) : (["tcp", "udp", "icmp", 47, 58] as const));
  const ports = protocol === "tcp" || protocol === "udp";
  const c = chain ?? pick(["input", "forward", "output"] as const);
  return {
    chain: c,
    src: pick(v6 ? V6 : V4),
    dst: pick(v6 ? V6 : V4),
    protocol,
    ...(ports ? { srcPort: 1 + Math.floor(random() * 10), dstPort: 1 + Math.floor(random() * 10) } : {}),
    inInterface: c === "output" ? null : pick([...INTERFACES, "eth2", null]),
    outInterface: c === "input" ? null : pick([...INTERFACES, "eth2", null]),
    state: pick(STATES),
    ...((protocol === "icmp" || protocol === "icmpv6") && random() < 0.9
      ? { icmpType: pick(protocol === "icmp" ? [0, 3, 8, 11] : [1, 128, 135, 136]), icmpCode: pick([0, 1, 4]) }
      : {}),
    ...(random() < 0.7 ? { ttl: pick([0, 1, 2, 63, 64, 65, 255]) } : {}),
    ...(random() < 0.3 ? { dstNatted: true } : {}),
    ...(random() < 0.2 ? { overLimit: true } : {}),
  };
}

describe("randomized against brute force", () => {
  const SETS = 400;
  const PACKETS = 250;

  test("testPacket decides like the brute-force evaluator", () => {
    const random = seededRandom(20240607);
    for (let s = 0; s < SETS; s++) {
      const c = randomContent(random, s);
      for (let k = 0; k < 60; k++) {
        const p = randomPacket(random);
        const result = testPacket(c, p, { defaultPolicy: POLICY });
        expect({ set: s, packet: p, decidedBy: result.decidedBy, verdict: result.verdict }).toEqual({
          set: s,
          packet: p,
          decidedBy: bruteFirstMatch(c, p),
          verdict: bruteVerdict(c, p),
        });
      }
    }
  });

  test("analysis claims hold for sampled packets, and every example packet reaches its rule", () => {
    const random = seededRandom(77);
    const seen = { shadowed: 0, redundant: 0, needed: 0, "never-matches": 0 };
    for (let s = 0; s < SETS; s++) {
      const c = randomContent(random, s);
      const packets = Array.from({ length: PACKETS }, () => randomPacket(random));
      for (const { chain, analyses } of analyzeChains(c, { defaultPolicy: POLICY })) {
        for (const a of analyses) {
          seen[a.status]++;
          const id = a.rule.rule.id;
          const context = { set: s, rule: id, status: a.status };
          if (a.status === "shadowed" || a.status === "never-matches") {
            for (const p of packets)
              expect({ ...context, first: bruteFirstMatch(c, p) === id }).toEqual({ ...context, first: false });
          }
          if (a.status === "shadowed") {
            // Every named rule really is the first match for some packet of the shadowed rule.
            expect(a.by.length).toBeGreaterThan(0);
          }
          if (a.status === "needed" || a.status === "redundant") {
            const example = examplePacket(a.example, chain);
            expect({ ...context, first: bruteFirstMatch(c, example) }).toEqual({ ...context, first: id });
          }
          if (a.status === "redundant") {
            // Without it (and, if the finding says so, without the rules that never match) no verdict changes.
            const dead = new Set(
              analyses
                .filter((x) => x.status === "shadowed" || x.status === "never-matches")
                .map((x) => x.rule.rule.id),
            );
            const without = {
              ...c,
              rules: c.rules.filter((r) => r.id !== id && !(a.afterShadowedRemoved && dead.has(r.id))),
            };
            for (const p of [...packets, examplePacket(a.example, chain)]) {
              expect({ ...context, p, verdict: bruteVerdict(without, p) }).toEqual({
                ...context,
                p,
                verdict: bruteVerdict(c, p),
              });
            }
          }
        }
      }
    }
    // The generator must exercise every outcome, or the checks above prove little.
    expect(seen.shadowed).toBeGreaterThan(40);
    expect(seen.redundant).toBeGreaterThan(150);
    expect(seen.needed).toBeGreaterThan(400);
  });
});

// ---- the findings against a reference computed from the definitions alone ----

/**
 * Shadowing and redundancy straight from their definitions, by plain box subtraction against every rule, in
 * chain order: no index, no sample packets, no ordering, no shortcuts. Slow, and obviously right.
 */
function referenceFindings(content: RuleSetContent, policy: Record<Chain, Action>): Finding[] {
  const lists = resolveAddressLists(content.addressLists);
  const findings: Finding[] = [];
  for (const chain of CHAINS) {
    const rules: CompiledRule[] = [];
    content.rules.forEach((rule, index) => {
      if (rule.enabled && rule.chain === chain) rules.push(compileRule(rule, index, lists));
    });
    const minus = (boxes: Box[], cutters: readonly CompiledRule[]) =>
      cutters.reduce((left, c) => c.boxes.reduce((l, cut) => l.flatMap((b) => subtractBox(b, cut)), left), boxes);
    const meet = (boxes: readonly Box[], rule: CompiledRule) =>
      boxes.flatMap((a) => rule.boxes.map((b) => intersectBox(a, b)).filter((x): x is Box => x !== null));
    // The rules of `list` that are the first match, in `list`, for some packet of `boxes`.
    const decidersIn = (boxes: Box[], list: readonly CompiledRule[]) =>
      list.filter((r, k) => minus(meet(boxes, r), list.slice(0, k)).length > 0);

    const decided = rules.map((r, i) => minus([...r.boxes], rules.slice(0, i)));
    const dead = new Set(rules.filter((r, i) => r.boxes.length === 0 || decided[i].length === 0));
    const example = {
      family: "ipv4",
      state: 0,
      inIf: "",
      outIf: "",
      proto: 0,
      sport: 0,
      dport: 0,
      src: 0n,
      dst: 0n,
      icmp: 0,
      ttl: 0,
      cond: 0,
    } as const;
    rules.forEach((rule, i) => {
      let analysis: RuleAnalysis;
      if (rule.boxes.length === 0) analysis = { rule, status: "never-matches", reasons: rule.emptyReasons };
      else if (decided[i].length === 0)
        analysis = { rule, status: "shadowed", by: decidersIn([...rule.boxes], rules.slice(0, i)) };
      else {
        const later = rules.slice(i + 1).filter((r) => !dead.has(r));
        const by = decidersIn(decided[i], later);
        const byDefaultPolicy = minus(decided[i], later).length > 0;
        const needed =
          by.some((r) => r.rule.action !== rule.rule.action) || (byDefaultPolicy && policy[chain] !== rule.rule.action);
        const afterShadowedRemoved = rules.slice(i + 1).some((r) => dead.has(r) && meet(rule.boxes, r).length > 0);
        analysis = needed
          ? { rule, status: "needed", example }
          : { rule, status: "redundant", by, byDefaultPolicy, example, afterShadowedRemoved };
      }
      const finding = findingFor(analysis, chain, policy[chain]);
      if (finding) findings.push(finding);
    });
  }
  const position = new Map(content.rules.map((r, i) => [r.id, i]));
  return findings.sort((a, b) => position.get(a.ruleId)! - position.get(b.ruleId)!);
}

describe("findings identical to the reference", () => {
  test("on 300 small random rule sets over a tiny universe (fixed seed)", () => {
    const random = seededRandom(4242);
    for (let s = 0; s < 300; s++) {
      const c = randomContent(random, s);
      expect({ set: s, findings: analyzeRuleSet(c, { defaultPolicy: POLICY }).findings }).toEqual({
        set: s,
        findings: referenceFindings(c, POLICY),
      });
    }
  });

  test("on heavy-overlap rule sets (nested prefixes, overlapping port ranges, several protocols; fixed seeds)", () => {
    const kinds = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const c = heavyOverlapRuleSet(70, seed);
      const fast = analyzeRuleSet(c, { defaultPolicy: POLICY }).findings;
      for (const f of fast) kinds.add(f.kind);
      expect({ seed, findings: fast }).toEqual({ seed, findings: referenceFindings(c, POLICY) });
    }
    // Every kind of finding shows up, or the comparison proves little.
    expect([...kinds].sort()).toEqual(["redundant", "shadowed-conflict", "shadowed-redundant"]);
  });

  test("on larger heavy-overlap sets, where shadowed rules have many deciders (fixed seeds, both policies)", () => {
    let named = 0;
    for (let seed = 101; seed <= 103; seed++) {
      const c = heavyOverlapRuleSet(120, seed);
      for (const policy of [POLICY, { input: "accept", forward: "drop", output: "reject" } as const]) {
        const fast = analyzeRuleSet(c, { defaultPolicy: policy }).findings;
        named += fast.reduce((sum, f) => sum + f.byRuleIds.length, 0);
        expect({ seed, findings: fast }).toEqual({ seed, findings: referenceFindings(c, policy) });
      }
    }
    expect(named).toBeGreaterThan(150);
  });
});
