import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { analyzeRuleSet } from "./analyze-rule-set";
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
