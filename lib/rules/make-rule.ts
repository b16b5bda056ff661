import { newRuleId } from "./new-id";
import type { Rule } from "./schema";

/** The fields of a rule that matches everything and accepts on input, enabled: a fresh object each call. */
export function ruleDefaults(): Omit<Rule, "id"> {
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
  };
}

/** A new rule with a fresh id: accept anything on input, enabled, until the given fields say otherwise. */
export function makeRule(fields: Partial<Omit<Rule, "id">> = {}, newId: () => string = newRuleId): Rule {
  return { ...ruleDefaults(), ...fields, id: newId() };
}
