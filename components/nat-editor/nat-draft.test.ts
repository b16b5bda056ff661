import { describe, expect, it } from "vitest";
import { defconfMasquerade } from "@/tests/support/rule-fixtures";
import { draftOf, parseDraft } from "./nat-draft";

/** The NAT tab edits a raw NAT rule as property text: it survives an edit, and bad text is named at the field. */
const masq = defconfMasquerade();

describe("raw NAT rule draft", () => {
  it("shows the props as text and an untouched rule comes back unchanged (never a plain masquerade)", () => {
    const d = draftOf(masq);
    expect(d.rawText).toBe("chain=srcnat\naction=masquerade\nout-interface-list=WAN\nipsec-policy=out,none");
    expect(parseDraft(d, [], masq)).toEqual({ ok: true, rule: masq });
  });

  it("edited text becomes the props; comment and enabled stay the rule's own", () => {
    const d = { ...draftOf(masq), rawText: "chain=srcnat\naction=masquerade\nout-interface=ether1", enabled: false };
    const r = parseDraft(d, [], masq);
    expect(r.ok && r.rule).toEqual({
      ...masq,
      enabled: false,
      raw: { ...masq.raw, props: { chain: "srcnat", action: "masquerade", "out-interface": "ether1" } },
    });
  });

  it("names what is wrong at the properties field: a bad value, a filter-only property, not name=value", () => {
    const issue = (rawText: string) => {
      const r = parseDraft({ ...draftOf(masq), rawText }, [], masq);
      return r.ok ? null : r.errors;
    };
    expect(issue("chain=srcnat\nipsec-policy=sideways")).toEqual({
      raw: expect.stringMatching(/^ipsec-policy=sideways: must be in\|out/),
    });
    expect(issue("chain=srcnat\nconnection-state=new")).toEqual({
      raw: "/ip/firewall/nat has no property connection-state",
    });
    expect(issue("chain srcnat")).toEqual({ raw: "line 1: 'chain srcnat' is not name=value" });
  });
});
