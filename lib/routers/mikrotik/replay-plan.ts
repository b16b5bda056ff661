import type { LiveFirewall, LiveFirewallItem, PushPlan } from "../driver";
import { parseManagedComment } from "./managed-comment";

/** The menus a plan writes, as read-firewall.ts reports their rows. */
const TABLES: Record<string, { kind: LiveFirewallItem["kind"]; family: "ipv4" | "ipv6" }> = {
  "/ip/firewall/filter": { kind: "filter", family: "ipv4" },
  "/ipv6/firewall/filter": { kind: "filter", family: "ipv6" },
  "/ip/firewall/address-list": { kind: "address-list-entry", family: "ipv4" },
  "/ipv6/firewall/address-list": { kind: "address-list-entry", family: "ipv6" },
  "/ip/firewall/nat": { kind: "nat", family: "ipv4" },
};

/**
 * The firewall as the router holds it after running `plan.ops` on `live`, row order included: `add` goes above
 * `place-before` (else at the end), `move` goes above `destination` (else to the end), `set` writes and `=!p=`
 * unsets properties, `remove` drops the row (docs/routeros-facts.md §1). New rows get refs no router uses ("+1").
 * An op naming a row that is not there throws: the planner only names rows that exist.
 */
export function replayPlan(live: LiveFirewall, plan: PushPlan): LiveFirewall {
  const tables = new Map<string, LiveFirewallItem[]>();
  const tableOf = (kind: string, family: string) => {
    const k = `${kind} ${family}`;
    let t = tables.get(k);
    if (!t) tables.set(k, (t = []));
    return t;
  };
  for (const i of live.items) tableOf(i.kind, i.family ?? "ipv4").push({ ...i, raw: { ...i.raw } });
  let added = 0;
  for (const op of plan.ops) {
    const slash = op.wire[0].lastIndexOf("/");
    const menu = TABLES[op.wire[0].slice(0, slash)];
    const verb = op.wire[0].slice(slash + 1);
    if (!menu) throw new Error(`replayPlan: ${op.wire[0]} is not a firewall menu`);
    const rows = tableOf(menu.kind, menu.family);
    const args = op.wire.slice(1).map((w) => {
      const eq = w.indexOf("=", 1);
      return { key: w.slice(1, eq), value: w.slice(eq + 1) };
    });
    const arg = (k: string) => args.find((a) => a.key === k)?.value;
    const at = (ref: string) => {
      const i = rows.findIndex((r) => r.ref === ref);
      if (i < 0) throw new Error(`replayPlan: ${op.wire[0]} names ${ref}, which is not there`);
      return i;
    };
    if (verb === "add") {
      const ref = `+${++added}`;
      const raw: Record<string, string> = { ".id": ref };
      for (const a of args) if (a.key !== "place-before") raw[a.key] = a.value;
      const item: LiveFirewallItem = {
        ref,
        kind: menu.kind,
        family: menu.family,
        managedId: parseManagedComment(raw.comment)?.id ?? null,
        dynamic: false,
        raw,
      };
      const before = arg("place-before");
      rows.splice(before ? at(before) : rows.length, 0, item);
    } else if (verb === "move") {
      const [row] = rows.splice(at(arg("numbers")!), 1);
      const dest = arg("destination");
      rows.splice(dest ? at(dest) : rows.length, 0, row);
    } else if (verb === "set") {
      const row = rows[at(arg(".id")!)];
      for (const a of args) {
        if (a.key === ".id") continue;
        if (a.key.startsWith("!")) delete row.raw[a.key.slice(1)];
        else row.raw[a.key] = a.value;
      }
      row.managedId = parseManagedComment(row.raw.comment)?.id ?? null;
    } else if (verb === "remove") rows.splice(at(arg(".id")!), 1);
    else throw new Error(`replayPlan: unknown verb ${verb}`);
  }
  return { items: [...tables.values()].flat(), stateHash: "" };
}
