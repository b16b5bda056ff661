import { createHash } from "node:crypto";
import { DriverError, type LiveFirewall, type LiveFirewallItem } from "../driver";
import { parseManagedComment } from "./managed-comment";
import type { RosConnection, RosRow } from "./routeros-client";
import { isRosItemRow } from "./router-rows";

/** The tables Rampart manages, in the order they are reported and hashed (NAT last: docs/nat.md). */
const MENUS = [
  { path: "/ip/firewall/filter", kind: "filter", family: "ipv4" },
  { path: "/ipv6/firewall/filter", kind: "filter", family: "ipv6" },
  { path: "/ip/firewall/address-list", kind: "address-list-entry", family: "ipv4" },
  { path: "/ipv6/firewall/address-list", kind: "address-list-entry", family: "ipv6" },
  { path: "/ip/firewall/nat", kind: "nat", family: "ipv4" },
] as const;

/** Counters and count-downs change on every read of a live router; they must not change the hash. */
const VOLATILE = new Set(["bytes", "packets", "timeout"]);

export async function readFirewall(conn: RosConnection): Promise<LiveFirewall> {
  // Pipelined: every print in flight at once, answered per tag.
  // One flat list, the tables first: when the router stops answering, the first print's own deadline is the
  // error reported (the others fail with the session it ends).
  const read = await Promise.all([
    ...MENUS.map((m) => printMenu(conn, m.path, m.family === "ipv6")),
    printNames(conn, "/interface"),
    printNames(conn, "/interface/list"),
  ]);
  const tables = read.slice(0, MENUS.length) as RosRow[][];
  const [interfaces, lists] = read.slice(MENUS.length) as (string[] | null)[];
  const items: LiveFirewallItem[] = [];
  const canonical: unknown[] = [];
  MENUS.forEach((menu, i) => {
    for (const row of tables[i]) {
      const dynamic = row.dynamic === "true";
      items.push({
        ref: row[".id"],
        kind: menu.kind,
        family: menu.family,
        managedId: parseManagedComment(row.comment)?.id ?? null,
        dynamic,
        raw: row,
      });
      // Dynamic items come and go on their own (fasttrack dummy, port-scanner lists): not part of the state a
      // push is planned against.
      if (!dynamic)
        canonical.push([
          menu.path,
          Object.entries(row)
            .filter(([k]) => !VOLATILE.has(k))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        ]);
    }
  });
  return {
    items,
    stateHash: createHash("sha256").update(JSON.stringify(canonical)).digest("hex"),
    ...(interfaces && lists ? { interfaceNames: { interfaces, lists } } : {}),
  };
}

/** The names in a menu (what rules may refer to, docs/routeros-facts.md §6); null when the user may not read it. */
async function printNames(conn: RosConnection, path: string): Promise<string[] | null> {
  try {
    const rows = await conn.write([`${path}/print`, "=.proplist=name"]);
    return rows.flatMap((r) => (typeof r.name === "string" ? [r.name] : []));
  } catch (e) {
    if (e instanceof DriverError && e.kind === "router-error") return null;
    throw e;
  }
}

async function printMenu(conn: RosConnection, path: string, optional: boolean): Promise<RosRow[]> {
  let rows: RosRow[];
  try {
    rows = await conn.write([`${path}/print`]);
  } catch (e) {
    // A router without the ipv6 package has no /ipv6 menus at all: that is an empty table, not a failure.
    if (
      optional &&
      e instanceof DriverError &&
      e.kind === "router-error" &&
      /^no such command/.test(e.routerMessage ?? "")
    )
      return [];
    throw e;
  }
  for (const r of rows)
    if (!isRosItemRow(r)) throw new DriverError("protocol", `${path}/print returned a row without a valid .id`);
  return rows;
}
