import { interfaceMatchText, isRoleMatch } from "../interface-roles";
import type { InterfaceMatch } from "../schema";

/**
 * Why a packet's interface does not match a rule's, or null when it does. A packet names a concrete interface
 * ("ether1") or, where no router is at hand, the role it arrives on ("role lan"). Whether ether1 is in role lan
 * depends on a router's mapping, which the model does not know: that is a mismatch whose reason says "-interface",
 * so the lockout guard reads it as "depends on the interface" (a warning), never as a match.
 */
export function interfaceMismatch(
  direction: "in" | "out",
  wanted: InterfaceMatch,
  actual: string | null | undefined,
): string | null {
  const text = interfaceMatchText(wanted);
  if (!actual) return `the packet has no ${direction}-interface; the rule needs ${text}`;
  if (!isRoleMatch(wanted)) return actual === wanted ? null : `${direction}-interface ${actual} is not ${wanted}`;
  // the analysis' example packets arrive "on role lan" or "on not role lan" (analysis/role-names.ts)
  const role = /^(not )?role (\S+)$/.exec(actual.trim());
  if (role) {
    const same = role[2] === wanted.role && (role[1] !== undefined) === wanted.negate;
    return same ? null : `${direction}-interface ${actual} is not ${text}`;
  }
  return `${direction}-interface ${actual}: whether it is ${text} depends on the router's interface roles`;
}
