import { describe, expect, it } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import { checkDraft } from "./draft-issues";
import { ruleToDraft } from "./rule-draft";

/** The side panel edits a raw rule as property text: it survives an edit, and bad text is named at the field. */
const fasttrack = rule({
  id: "rfast00001",
  chain: "forward",
  family: "ipv4",
  comment: "defconf: fasttrack",
  raw: { vendor: "mikrotik", type: "filter", props: { chain: "forward", action: "fasttrack-connection" } },
});

describe("raw rule draft", () => {
  it("an untouched raw rule comes back unchanged (the panel never turns it into an accept rule)", () => {
    const check = checkDraft(ruleToDraft(fasttrack), []);
    expect(check.ok && check.rule).toEqual(fasttrack);
  });

  it("edited text becomes the props; an OpenWrt list option repeats its name", () => {
    const d = ruleToDraft(fasttrack);
    const check = checkDraft({ ...d, rawText: "chain=forward\naction=fasttrack-connection\nhw-offload=yes" }, []);
    expect(check.ok && check.rule.raw?.props).toEqual({
      chain: "forward",
      action: "fasttrack-connection",
      "hw-offload": "yes",
    });
    const zone = ruleToDraft(
      rule({ id: "rzone00001", raw: { vendor: "openwrt", type: "zone", props: { name: "wan", network: ["wan"] } } }),
    );
    const z = checkDraft({ ...zone, rawText: "name=wan\nnetwork=wan\nnetwork=wan6\ninput=REJECT" }, []);
    expect(z.ok && z.rule.raw?.props).toEqual({ name: "wan", network: ["wan", "wan6"], input: "REJECT" });
  });

  it("the chain a raw rule is about follows its props, as on import (a new rule starts from the editor's chain)", () => {
    const d = ruleToDraft({ ...fasttrack, chain: "input" });
    const check = checkDraft({ ...d, rawText: "chain=output\naction=drop" }, []);
    expect(check.ok && check.rule.chain).toBe("output");
    const section = ruleToDraft(
      rule({ id: "rrule00001", raw: { vendor: "openwrt", type: "rule", props: { src: "lan", dest: "wan" } } }),
    );
    const fwd = checkDraft({ ...section, rawText: "src=lan\ndest=wan\ntarget=ACCEPT" }, []);
    expect(fwd.ok && fwd.rule.chain).toBe("forward");
  });

  it("names what is wrong at the properties field: unknown property, bad value, not name=value, both tables", () => {
    const d = ruleToDraft(fasttrack);
    const issue = (patch: Partial<typeof d>) => checkDraft({ ...d, ...patch }, []).issues.raw;
    expect(issue({ rawText: "chain=forward\nipsec-policy=sideways" })).toMatch(
      /^ipsec-policy=sideways: must be in\|out/,
    );
    expect(issue({ rawText: "chain=forward\nfasttrack=yes" })).toBe("/ip/firewall/filter has no property fasttrack");
    expect(issue({ rawText: "chain forward" })).toBe("line 1: 'chain forward' is not name=value");
    expect(issue({ family: "both" })).toMatch(/lives in one table/);
  });
});
