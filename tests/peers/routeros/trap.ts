/**
 * Router-side error texts (docs/routeros-api-protocol.md §5, §6, §10). Exported so tests and clients match the exact words.
 */
export const TRAP = {
  noSuchItem: "no such item (4)",
  noSuchCommandPrefix: "no such command prefix",
  noSuchCommand: "no such command",
  unknownParameter: (name: string) => `unknown parameter ${name}`,
  noMatch: (prop: string) => `input does not match any value of ${prop}`,
  missing: (names: string[]) => `missing value(s) of argument(s) ${names.join(" ")}`,
  cannotMoveBuiltin: "failure: cannot move builtin",
  /** Remove/set of builtin rules are refused too; the doc leaves the text unconfirmed. */
  cannotChangeBuiltin: (verb: string) => `failure: cannot ${verb} builtin`,
  cannotChangeDynamic: "failure: cannot change dynamic item",
  /** Text unconfirmed (docs/routeros-api-protocol.md §6); chosen to start with "failure:" like other conflicts. */
  portsNeedProtocol: "failure: ports need protocol tcp or udp",
  alreadyHave: (what: string) => `failure: already have such ${what}`,
  badLogin: "invalid user name or password (6)",
  notLoggedIn: "not logged in",
  interrupted: "interrupted",
} as const;

export class RouterTrap extends Error {
  constructor(
    message: string,
    readonly category?: number,
  ) {
    super(message);
    this.name = "RouterTrap";
  }
}
