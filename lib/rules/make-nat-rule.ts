import { newRuleId } from "./new-id";
import type { NatRule } from "./schema";

/** A new port forward with a fresh id, until the given fields say otherwise. */
export function makeNatRule(fields: Partial<Omit<NatRule, "id">> = {}, newId: () => string = newRuleId): NatRule {
  return {
    kind: "port-forward",
    family: "ipv4",
    protocol: "tcp",
    src: { kind: "any" },
    dst: { kind: "any" },
    dstPorts: [],
    inInterface: null,
    outInterface: null,
    toAddress: "",
    toPort: null,
    log: false,
    comment: "",
    enabled: true,
    ...fields,
    id: newId(),
  };
}

/** The NAT rules of a set (none when it was stored before NAT existed). */
export function natRulesOf(content: { nat?: readonly NatRule[] }): readonly NatRule[] {
  return content.nat ?? [];
}
