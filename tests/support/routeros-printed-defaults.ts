/**
 * What RouterOS prints for a filter or NAT row's unset properties and fresh counters, for tests that build live
 * rows by hand. The RouterOS peer keeps its own copy on purpose: it stands in for the router, not for these tests.
 */
export const ROUTEROS_PRINTED_DEFAULTS = {
  action: "accept",
  log: "false",
  "log-prefix": "",
  bytes: "0",
  packets: "0",
  invalid: "false",
  dynamic: "false",
  disabled: "false",
} as const;
