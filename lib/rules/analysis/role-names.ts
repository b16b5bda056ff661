import { isRoleMatch } from "../interface-roles";
import type { InterfaceMatch } from "../schema";

/**
 * A role, seen by rule-set analysis, which knows no router: each role match stands for one opaque name that no
 * interface can have ('@' never starts one). So a role is never proven to cover another role or an interface,
 * and "not lan" is its own name too rather than "every other name": claiming "not lan" covers "wan" would be
 * false on a router mapping both to one list. The cost is overlap analysis between roles: such rules are only
 * reported as overlapping when they name the same role (or any interface).
 */
export function analysisInterfaceName(m: InterfaceMatch | null): string | null {
  if (m === null) return null;
  if (!isRoleMatch(m)) return m;
  return `@${m.negate ? "not-" : ""}role:${m.role}`;
}

/** The packet-tester text of an analysis name: "@role:lan" is a packet arriving on role lan ("role lan"). */
export function packetInterfaceText(name: string): string {
  const m = /^@(not-)?role:(.+)$/.exec(name);
  return m ? `${m[1] ? "not " : ""}role ${m[2]}` : name;
}
