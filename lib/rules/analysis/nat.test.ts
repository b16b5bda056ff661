import { describe, expect, it } from "vitest";
import { packetTestView, analysisView } from "@/lib/analysis/views";
import { makeNatRule } from "../make-nat-rule";
import { makeRule } from "../make-rule";
import type { RuleSetContent } from "../schema";
import { analyzeRuleSet } from "./analyze-rule-set";
import { testPacketThroughNat } from "./nat-tester";
import { packetSchema } from "./packet-schema";

let n = 0;
const nextId = () => `rtest${String(++n).padStart(6, "0")}`;
const web = makeNatRule(
  {
    comment: "web server",
    inInterface: "ether1",
    dstPorts: [{ from: 8080, to: 8080 }],
    toAddress: "192.168.88.10",
    toPort: 80,
  },
  nextId,
);
const masq = makeNatRule({ kind: "masquerade", outInterface: "ether1", protocol: "any" }, nextId);
const allowWeb = makeRule(
  {
    chain: "forward",
    action: "accept",
    protocol: "tcp",
    dst: { kind: "addresses", values: ["192.168.88.10"], negate: false },
    dstPorts: [{ from: 80, to: 80 }],
    comment: "web in",
  },
  nextId,
);
const dropForward = makeRule({ chain: "forward", action: "drop", comment: "drop the rest" }, nextId);

const arriving = packetSchema.parse({
  chain: "input",
  inInterface: "ether1",
  src: "198.51.100.7",
  dst: "203.0.113.1",
  protocol: "tcp",
  srcPort: 40000,
  dstPort: 8080,
  state: "new",
});

describe("packet tester through NAT", () => {
  it("a packet to the forwarded port is rewritten, then judged by the forward chain", () => {
    const content: RuleSetContent = { rules: [allowWeb, dropForward], addressLists: [], nat: [web, masq] };
    const r = testPacketThroughNat(content, arriving);
    expect(r.dstNat.matched).toEqual({ ruleId: web.id, from: "203.0.113.1:8080", to: "192.168.88.10:80" });
    expect(r.filtered).toMatchObject({ chain: "forward", dst: "192.168.88.10", dstPort: 80 });
    expect(r.verdict).toBe("accept");
    expect(r.decidedBy).toBe(allowWeb.id);
  });

  it("without the filter rule, the forwarded packet is dropped by the forward chain and the view says both steps", () => {
    const content: RuleSetContent = { rules: [dropForward], addressLists: [], nat: [web] };
    const v = packetTestView(content, arriving);
    expect(v.dstNat?.matched).toMatchObject({ position: 1, from: "203.0.113.1:8080", to: "192.168.88.10:80" });
    expect(v.chain).toBe("forward");
    expect(v.verdict).toBe("drop");
    expect(v.decidedBy?.comment).toBe("drop the rest");
  });

  it("another port is not forwarded: the reasons say why, and the input chain decides", () => {
    const content: RuleSetContent = { rules: [dropForward], addressLists: [], nat: [web] };
    const r = testPacketThroughNat(content, { ...arriving, dstPort: 22 });
    expect(r.dstNat.matched).toBeNull();
    expect(r.dstNat.trace[0].reasons).toEqual(["destination port 22 not in 8080"]);
    expect(r.filtered.chain).toBe("input");
  });

  it("an accepted packet leaving by the masqueraded interface is source-NATed", () => {
    const content: RuleSetContent = { rules: [], addressLists: [], nat: [masq] };
    const r = testPacketThroughNat(
      content,
      packetSchema.parse({
        ...arriving,
        chain: "forward",
        inInterface: "bridge",
        outInterface: "ether1",
        src: "192.168.88.20",
      }),
    );
    expect(r.srcNat?.matched).toEqual({ ruleId: masq.id, from: "192.168.88.20", to: "the address of ether1" });
  });

  it("a set without NAT rules answers exactly as before (no NAT keys)", () => {
    const v = packetTestView({ rules: [dropForward], addressLists: [] }, arriving);
    expect(Object.keys(v).sort()).toEqual(["chain", "decidedBy", "defaultPolicy", "trace", "verdict"]);
  });
});

describe("NAT analysis", () => {
  it("a port forward the forward chain drops is an error naming the deciding rule", () => {
    const content: RuleSetContent = { rules: [dropForward], addressLists: [], nat: [web] };
    const { findings } = analyzeRuleSet(content);
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: web.id, kind: "nat-blocked", severity: "error", byRuleIds: [dropForward.id] }),
    ]);
    expect(findings[0].message).toBe(
      "NAT #1 web server forwards to 192.168.88.10:80, but the filter drops it: a new connection from 198.51.100.1 is forwarded and #1 drop the rest drops it",
    );
  });

  it("a forward the filter lets through has no finding", () => {
    expect(analyzeRuleSet({ rules: [allowWeb, dropForward], addressLists: [], nat: [web] }).findings).toEqual([]);
  });

  it("two forwards of one port: the second is a duplicate", () => {
    const again = makeNatRule({ ...web, comment: "old web", toAddress: "192.168.88.11" }, nextId);
    const content: RuleSetContent = { rules: [allowWeb, dropForward], addressLists: [], nat: [web, again] };
    const a = analysisView(content);
    expect(a.findings).toEqual([
      expect.objectContaining({ ruleId: again.id, kind: "nat-duplicate", badge: "duplicate-forward", position: 2 }),
    ]);
    expect(a.findings[0].message).toBe(
      "NAT #2 old web never forwards anything: NAT #1 web server forwards the same tcp port 8080 first",
    );
    expect(a.counts["duplicate-forward"]).toBe(1);
  });
});
