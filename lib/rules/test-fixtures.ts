import type { AddressList, Rule, RuleSetContent } from "./schema";

/** Test-only builders: a valid rule or content with the given fields changed. */
export function rule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: "rtest001",
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
    ...overrides,
  };
}

export function content(rules: Rule[] = [], addressLists: AddressList[] = []): RuleSetContent {
  return { rules, addressLists };
}

export function list(name: string, addresses: string[] = []): AddressList {
  return { name, entries: addresses.map((address) => ({ address, comment: "" })) };
}
