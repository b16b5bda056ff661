import { isRoleMatch } from "@/lib/rules/interface-roles";
import type { InterfaceMatch, RuleSetContent } from "@/lib/rules/schema";
import type { RoleMap } from "@/lib/routers/roles";

/**
 * Adopt keeps how the revision wrote each interface where the router holds the same thing: "role wan" reads back
 * as the port "ether1" when this router maps wan to that port, and a plain "lan" reads back as "role lan" when lan
 * maps to that zone. The router holds the same either way; the revision's word is the admin's choice, and the
 * one that keeps the rule set right for the routers that map the role elsewhere.
 */
export function keepInterfaceSpelling(
  read: RuleSetContent,
  revision: RuleSetContent | null,
  roles: RoleMap,
): RuleSetContent {
  if (!revision) return read;
  const before = new Map(revision.rules.map((r) => [r.id, r]));
  // what the router holds for a match: a list is never one interface's name
  const onRouter = (m: InterfaceMatch | null): string | null => {
    if (m === null) return "any";
    if (!isRoleMatch(m)) return `one ${m}`;
    const t = roles[m.role];
    if (!t) return null;
    return t.kind === "interface-list" ? `list ${m.negate ? "!" : ""}${t.name}` : `${m.negate ? "!" : "one "}${t.name}`;
  };
  const same = (a: InterfaceMatch | null, b: InterfaceMatch | null) => {
    const x = onRouter(a);
    return x !== null && x === onRouter(b);
  };
  return {
    ...read,
    rules: read.rules.map((r) => {
      const was = before.get(r.id);
      if (!was) return r;
      return {
        ...r,
        inInterface: same(was.inInterface, r.inInterface) ? was.inInterface : r.inInterface,
        outInterface: same(was.outInterface, r.outInterface) ? was.outInterface : r.outInterface,
      };
    }),
  };
}
