import { newRuleId } from "./new-id";
import type { Rule } from "./schema";

/** A new rule with a fresh id: accept anything on input, enabled, until the given fields say otherwise. */
export function makeRule(fields: Partial<Omit<Rule, "id">> = {}, newId: () => string = newRuleId): Rule {
  return {
    chain: "input",
    action: "accept",
    family: "both",
    protocol: "any",
    src: { kind: "any" },
    dst: { kind: "any" },
    srcPorts: [],
    dstPorts: [],
    inInterface: null,
    outInterface: null,
    states: [],
    log: false,
    logPrefix: "",
    comment: "",
    enabled: true,
    ...fields,
    id: newId(),
  };
}
