import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { exportScript } from "./mikrotik/script-text";
import { exportUci } from "./openwrt/import-firewall";

// The exported texts carry notes on rules a vendor handles its own way. A person reads them: the rule is named
// as every other message names it ("rule #2 ping from office"), never by its internal id (which
// stays in the items' rampart: tags, where the next push needs it).
const set = content([
  rule({ id: "rssh000001", protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], comment: "ssh" }),
  rule({ id: "rping00001", family: "both", protocol: "icmp", comment: "ping from office" }),
  rule({ id: "rstate0001", states: ["established", "related"], comment: "" }),
]);

describe("exported texts name rules by number and comment", () => {
  it("RouterOS script: the IPv6 half an icmp rule cannot have", () => {
    const r = exportScript(set, { name: "notes" });
    expect(r.ok).toBe(true);
    const notes = r.ok ? r.text.split("\n").filter((l) => l.startsWith("# note:")) : [];
    expect(notes).toEqual([expect.stringMatching(/^# note: rule #2 ping from office: no IPv6 rule on RouterOS/)]);
  });

  it("OpenWrt uci export: the established/related rule fw4 has built in, named by what it does", () => {
    const r = exportUci(set, { name: "notes" });
    expect(r.ok).toBe(true);
    const notes = r.ok ? r.text.split("\n").filter((l) => l.startsWith("# note:")) : [];
    expect(notes).toEqual([expect.stringMatching(/^# note: rule #3 accept .* if established,related: fw4 accepts/)]);
  });
});
