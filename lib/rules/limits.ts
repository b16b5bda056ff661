/**
 * Size limits of a rule set (README "Limits"). Analysing 10,000 rules takes a few seconds on one core, and a
 * rule set of that size is already past what a router holds comfortably; beyond it every request that reads,
 * analyses or pushes the set costs memory and time that one caller should not be able to claim.
 */
export const MAX_RULES_PER_RULE_SET = 10_000;
export const MAX_ENTRIES_PER_ADDRESS_LIST = 10_000;

export const tooManyRulesMessage = (n: number) =>
  `${n.toLocaleString("en-US")} rules: a rule set holds at most ${MAX_RULES_PER_RULE_SET.toLocaleString("en-US")} rules`;
