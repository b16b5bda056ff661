import { makeNatRule } from "@/lib/rules/make-nat-rule";
import { makeRule } from "@/lib/rules/make-rule";
import type { AddressList, NatRule, Rule, RuleSetContent } from "@/lib/rules/schema";

/** Test-only builders: a valid rule or content with the given fields changed. */
export function rule(overrides: Partial<Rule> = {}): Rule {
  const { id = "rtest001", ...fields } = overrides;
  return makeRule(fields, () => id);
}

export function content(rules: Rule[] = [], addressLists: AddressList[] = []): RuleSetContent {
  return { rules, addressLists };
}

export function list(name: string, addresses: string[] = []): AddressList {
  return { name, entries: addresses.map((address) => ({ address, comment: "" })) };
}

/**
 * RouterOS's defconf masquerade as an import keeps it: a raw NAT rule, since its interface list and ipsec-policy
 * are beyond the NAT model.
 */
export function defconfMasquerade(): NatRule {
  return makeNatRule(
    {
      kind: "masquerade",
      protocol: "any",
      comment: "defconf: masquerade",
      raw: {
        vendor: "mikrotik",
        type: "nat",
        props: { chain: "srcnat", action: "masquerade", "out-interface-list": "WAN", "ipsec-policy": "out,none" },
      },
    },
    () => "rnatmasq01",
  );
}
