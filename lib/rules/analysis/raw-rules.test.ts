import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { analyzeRuleSet } from "./analyze-rule-set";
import { packetTestView } from "@/lib/analysis/views";
import { makeNatRule } from "../make-nat-rule";
import type { NatRule } from "../schema";
import { testPacketThroughNat } from "./nat-tester";
import { testPacket } from "./packet-tester";

/** Vendor raw rules in the analysis and the packet tester: said, never decided, never silently ignored. */
const fasttrack = rule({
  id: "rfast00001",
  chain: "forward",
  family: "ipv4",
  raw: { vendor: "mikrotik", type: "filter", props: { chain: "forward", action: "fasttrack-connection" } },
});
const notLan = rule({
  id: "rnotlan001",
  chain: "input",
  family: "ipv4",
  raw: { vendor: "mikrotik", type: "filter", props: { chain: "input", action: "drop", "in-interface-list": "!LAN" } },
});

describe("packet tester and raw rules", () => {
  it("says at the raw rule that it cannot decide it and goes on as if it did not match", () => {
    const c = content([fasttrack, rule({ id: "rdrop00001", chain: "forward", action: "drop" })]);
    const r = testPacket(c, {
      chain: "forward",
      src: "192.0.2.1",
      dst: "10.0.0.1",
      protocol: "tcp",
      srcPort: 40000,
      dstPort: 80,
      state: "established",
    });
    expect(r.trace[0]).toEqual({
      ruleId: "rfast00001",
      matched: false,
      reasons: [
        "a mikrotik raw rule (filter fasttrack-connection): the tester cannot decide it and assumes it does not match",
      ],
    });
    expect(r).toMatchObject({ verdict: "drop", decidedBy: "rdrop00001" });
  });

  it("still knows the table: an IPv4 raw rule does not see an IPv6 packet", () => {
    const r = testPacket(content([fasttrack]), {
      chain: "forward",
      src: "2001:db8::1",
      dst: "2001:db8::2",
      protocol: "udp",
      srcPort: 1,
      dstPort: 2,
      state: "new",
    });
    expect(r.trace[0].reasons).toEqual(["rule is for IPv4 only; the packet is IPv6"]);
  });
});

describe("analysis and raw rules", () => {
  it("reports no finding on a raw rule, and no 'redundant' that a raw rule after it could make false", () => {
    const ssh = rule({ id: "rssh000001", action: "drop", protocol: "tcp", dstPorts: [{ from: 22, to: 22 }] });
    const dropAll = rule({ id: "rdropall01", action: "drop" });
    // without the raw rule between them, dropping ssh is redundant with dropping everything
    expect(analyzeRuleSet(content([ssh, dropAll])).byRule.rssh000001.map((f) => f.kind)).toEqual(["redundant"]);
    const a = analyzeRuleSet(content([ssh, notLan, dropAll]));
    expect(a.findings).toEqual([]);
  });

  it("still reports a rule shadowed by an earlier modelled rule across a raw rule", () => {
    const dropAll = rule({ id: "rdropall01", action: "drop" });
    const ssh = rule({ id: "rssh000001", action: "accept", protocol: "tcp", dstPorts: [{ from: 22, to: 22 }] });
    const a = analyzeRuleSet(content([dropAll, notLan, ssh]));
    expect(a.byRule.rssh000001.map((f) => f.kind)).toEqual(["shadowed-conflict"]);
    expect(a.byRule.rnotlan001).toEqual([]);
  });
});

describe("packet tester, analysis and raw NAT rules", () => {
  const rawNat = (id: string, kind: "port-forward" | "masquerade", props: Record<string, string>) =>
    makeNatRule({ kind, protocol: "any", raw: { vendor: "mikrotik", type: "nat", props } }, () => id);
  const redirect = rawNat("rnatredir1", "port-forward", {
    chain: "dstnat",
    action: "redirect",
    protocol: "tcp",
    "dst-port": "8080",
    "to-ports": "80",
  });
  const defconfMasq = rawNat("rnatmasq01", "masquerade", {
    chain: "srcnat",
    action: "masquerade",
    "out-interface-list": "WAN",
    "ipsec-policy": "out,none",
  });
  const web = makeNatRule(
    { inInterface: "ether1", dstPorts: [{ from: 8080, to: 8080 }], toAddress: "192.168.88.10", toPort: 80 },
    () => "rnatweb001",
  );
  const accept = rule({ id: "rfwdacc001", chain: "forward", action: "accept" });
  const set = (...nat: NatRule[]) => ({ ...content([accept]), nat });
  const arriving = {
    chain: "input" as const,
    inInterface: "ether1",
    src: "198.51.100.7",
    dst: "203.0.113.1",
    protocol: "tcp" as const,
    srcPort: 40000,
    dstPort: 8080,
    state: "new" as const,
  };

  it("a raw dstnat rule is said undecided, never a match; the next port forward answers, conditionally", () => {
    const r = testPacketThroughNat(set(redirect, web), arriving);
    expect(r.dstNat.trace[0]).toEqual({
      ruleId: "rnatredir1",
      matched: false,
      reasons: ["a mikrotik raw rule (nat redirect): the tester cannot decide it and assumes it does not match"],
    });
    expect(r.dstNat.matched?.ruleId).toBe("rnatweb001");
    expect(r.dstNat.undecided).toEqual(["rnatredir1"]);
    const view = packetTestView(set(redirect, web), arriving);
    expect(view.dstNat?.undecided).toEqual([1]);
  });

  it("the defconf masquerade is met on the way out, undecided: no source NAT is claimed for it", () => {
    const leaving = { ...arriving, chain: "forward" as const, dst: "192.0.2.1", outInterface: "ether1" };
    const r = testPacketThroughNat(set(defconfMasq), leaving);
    expect(r.srcNat).toEqual({
      matched: null,
      undecided: ["rnatmasq01"],
      trace: [expect.objectContaining({ ruleId: "rnatmasq01", matched: false })],
    });
    // a set without raw NAT rules answers without the key
    expect(packetTestView(set(web), arriving).dstNat).not.toHaveProperty("undecided");
  });

  it("the analysis reports nothing on a raw NAT rule, not even with the kind a port forward", () => {
    // two raw rules share the modelled defaults (every port, any interface): no "nat-duplicate" from those
    const other = rawNat("rnatredir2", "port-forward", {
      chain: "dstnat",
      action: "netmap",
      "to-addresses": "10.1.0.0/24",
    });
    const nat = (f: { ruleId: string }) => f.ruleId.startsWith("rnat");
    expect(analyzeRuleSet(set(redirect, other)).findings.filter(nat)).toEqual([]);
  });
});
