import { randomBytes } from "node:crypto";
import {
  DriverError,
  type ArmRevertOptions,
  type ClaimedItem,
  type LiveFirewall,
  type PendingRevert,
  type PreparedRevert,
  type VendorOp,
} from "../driver";
import { buildRevertScript, REVERT_PREFIX, revertName, revertStart } from "./revert-script";
import { buildTargetedRevertScript } from "./revert-targeted";
import type { RosConnection } from "./routeros-client";

/**
 * The on-router revert timer (docs/routeros-api-protocol.md §7): a script that restores the managed firewall of `before`, and
 * a once-only scheduler that runs it `seconds` after the router's own clock said now. Both live on the router,
 * so the restore happens when Rampart dies or loses the router right after arming.
 */
const POLICY = "read,write,policy,test";

export async function armRevert(conn: RosConnection, before: LiveFirewall, opts: ArmRevertOptions): Promise<void> {
  if (!Number.isInteger(opts.seconds) || opts.seconds < 1)
    throw new DriverError("protocol", `revert window must be a whole number of seconds >= 1, not ${opts.seconds}`);
  const name = revertName(opts.pushId);
  const source =
    opts.prepared?.vendor === "mikrotik" ? opts.prepared.restoreFor(opts.pushId) : revertSource(before, opts);
  // A retried arm for the same push replaces what an earlier attempt left (timer first, so it cannot fire in
  // between); both looked up in one round trip, unless this session's listing showed nothing of this push.
  if (!opts.listed || opts.listed.some((r) => r.pushId === opts.pushId))
    await removeAllByName(conn, ["/system/scheduler", "/system/script"], name);
  // Start from the router's clock, read after the upload so the window is not eaten by it: sent right behind the
  // script's add, the router runs it once the add is done (arrival order, docs/routeros-facts.md §3), one round
  // trip for both. An explicit start is safer than relying on "start defaults to now" (docs/routeros-api-protocol.md §7), and the date is
  // written back in the format it was read in (7.10 switched `jul/14/2023` to `2023-07-14`).
  const [, [clock]] = await Promise.all([
    conn.write(scriptAddWords(name, source)),
    conn.write(["/system/clock/print"]),
  ]);
  if (!clock?.date || !clock?.time) throw new DriverError("protocol", "/system/clock/print returned no date or time");
  let start: { date: string; time: string };
  try {
    start = revertStart({ date: clock.date, time: clock.time }, opts.seconds);
  } catch (e) {
    throw new DriverError("protocol", e instanceof Error ? e.message : String(e));
  }
  await conn.write(schedulerAddWords(name, opts.pushId, start));
}

function scriptAddWords(name: string, source: string): string[] {
  return ["/system/script/add", `=name=${name}`, `=source=${source}`, `=policy=${POLICY}`];
}

function schedulerAddWords(name: string, pushId: string, start: { date: string; time: string }): string[] {
  return [
    "/system/scheduler/add",
    `=name=${name}`,
    `=on-event=${name}`,
    "=interval=0s",
    `=start-date=${start.date}`,
    `=start-time=${start.time}`,
    `=policy=${POLICY}`,
    `=comment=Rampart: restores the firewall unless push ${pushId} is confirmed`,
  ];
}

/** Stands for the deployment id in a preview: the id exists only once the push is started. */
export const PREVIEW_PUSH_ID = "PUSH-ID";

/**
 * The timer's writes as armRevert and disarmRevert send them, for the preview (#17.2: every write is listed).
 * Only what is known at push time is a placeholder: the push id (PUSH-ID) and the start, which is the router's
 * clock plus the revert window; the `.id`s the removals name are the ones the router gives the two items.
 */
export function revertWrites(
  before: LiveFirewall,
  opts: { claimed?: ClaimedItem[]; ops: VendorOp[] },
): { arm: VendorOp[]; confirm: VendorOp[] } {
  const name = revertName(PREVIEW_PUSH_ID);
  const source = revertSource(before, { pushId: PREVIEW_PUSH_ID, claimed: opts.claimed, ops: opts.ops });
  return {
    arm: [
      {
        label: `upload the restore script ${name} (${source.length} bytes: puts back what this push changes)`,
        wire: scriptAddWords(name, source),
      },
      {
        label: `arm the revert timer ${name}: runs the script at the router's clock + the revert window, unless confirmed`,
        wire: schedulerAddWords(name, PREVIEW_PUSH_ID, { date: "<router date>", time: "<router time + window>" }),
      },
    ],
    confirm: [
      {
        label: `after the read-back matches: remove the revert timer ${name}`,
        wire: ["/system/scheduler/remove", `=.id=<id of ${name}>`],
      },
      { label: `remove the restore script ${name}`, wire: ["/system/script/remove", `=.id=<id of ${name}>`] },
    ],
  };
}

/** With the plan's ops, only what they touch (revert-targeted.ts); without, or for ops it cannot read, everything. */
export function revertSource(
  before: LiveFirewall,
  opts: { pushId: string; claimed?: ClaimedItem[]; ops?: VendorOp[] },
): string {
  const targeted = opts.ops ? buildTargetedRevertScript(before, opts.pushId, opts.claimed ?? [], opts.ops) : null;
  const touchesNat = opts.ops?.some((op) => op.wire[0]?.startsWith("/ip/firewall/nat/")) ?? true;
  return targeted ?? buildRevertScript(before, opts.pushId, opts.claimed, touchesNat);
}

/**
 * Stands for the push id in a prepared script. Random per process, so no rule set or router row can hold it by
 * chance or on purpose, and only letters and digits, so quoting leaves it as it is: replacing it gives exactly the
 * script built for that push id.
 */
const PUSH_ID_MARK = `P${randomBytes(16).toString("hex")}`;

/** The restore script once for every push of this `before` and plan (a fleet alike shares it). */
export function prepareRevert(
  before: LiveFirewall,
  opts: { claimed?: ClaimedItem[]; ops?: VendorOp[] },
): PreparedRevert {
  const template = revertSource(before, { ...opts, pushId: PUSH_ID_MARK });
  return { vendor: "mikrotik", restoreFor: (pushId) => template.split(PUSH_ID_MARK).join(pushId) };
}

/**
 * Removes the timer and its script. A scheduler that is gone or has already run means the revert happened (or
 * someone removed it): that is reported, because the caller must not believe the push stands.
 */
export async function disarmRevert(conn: RosConnection, pushId: string): Promise<void> {
  const name = revertName(pushId);
  // Timer and script looked up in one round trip; removed timer first, each only once the one before is gone.
  const [rows, scripts] = await Promise.all([
    conn.write(["/system/scheduler/print", `?name=${name}`]),
    conn.write(["/system/script/print", `?name=${name}`]),
  ]);
  const entry = rows.find((r) => r.name === name);
  const scriptIds = scripts.filter((r) => r.name === name && r[".id"]).map((r) => r[".id"]);
  if (!entry) {
    await removeByName(conn, "/system/script", name);
    throw new DriverError(
      "router-error",
      `revert timer ${name} is no longer on the router: it has run (the push was rolled back) or was removed`,
    );
  }
  if (Number(entry["run-count"] ?? "0") > 0) {
    await removeByName(conn, "/system/scheduler", name);
    await removeByName(conn, "/system/script", name);
    throw new DriverError("router-error", `revert timer ${name} has already run: the push was rolled back`);
  }
  await conn.write(["/system/scheduler/remove", `=.id=${entry[".id"]}`]);
  if (scriptIds.length) await conn.write(["/system/script/remove", `=.id=${scriptIds.join(",")}`]);
}

/**
 * Every `rampart-revert-<push>` scheduler and script on the router. Printed with a .proplist: a restore script's
 * source can be large, and only names and the timer's state are needed here.
 */
export async function listReverts(conn: RosConnection): Promise<PendingRevert[]> {
  const [timers, scripts] = await Promise.all([
    conn.write(["/system/scheduler/print", "=.proplist=.id,name,run-count,next-run,disabled"]),
    conn.write(["/system/script/print", "=.proplist=.id,name"]),
  ]);
  const byPush = new Map<string, PendingRevert>();
  const entry = (name: string | undefined) => {
    if (!name?.startsWith(REVERT_PREFIX)) return null;
    const pushId = name.slice(REVERT_PREFIX.length);
    let e = byPush.get(pushId);
    if (!e) byPush.set(pushId, (e = { pushId, pending: false, timer: false, script: false, firesAt: null }));
    return e;
  };
  for (const t of timers) {
    const e = entry(t.name);
    if (!e) continue;
    e.timer = true;
    e.pending = timerPending(t);
    e.firesAt = e.pending ? (t["next-run"] ?? null) : null;
  }
  for (const s of scripts) {
    const e = entry(s.name);
    if (e) e.script = true;
  }
  return [...byPush.values()];
}

/**
 * A timer entry is pending when it has not run and is not disabled. The timer's script removes the timer first
 * thing, so an entry that has run but is still there is a restore that stopped early; a disabled one never fires.
 */
function timerPending(t: Record<string, string>): boolean {
  return Number(t["run-count"] ?? "0") === 0 && t.disabled !== "true";
}

/** Whether pushId's timer is pending, by listReverts' rule, read for that one push in one print. */
export async function revertPending(conn: RosConnection, pushId: string): Promise<boolean> {
  const name = revertName(pushId);
  const rows = await conn.write(["/system/scheduler/print", "=.proplist=name,run-count,disabled", `?name=${name}`]);
  const entry = rows.find((r) => r.name === name);
  return entry !== undefined && timerPending(entry);
}

/** Removes the timer first (so it cannot fire in between), then the script; returns what was there. */
export async function clearRevert(conn: RosConnection, pushId: string): Promise<PendingRevert | null> {
  const name = revertName(pushId);
  const found = (await listReverts(conn)).find((r) => r.pushId === pushId) ?? null;
  if (!found) return null;
  if (found.timer) await removeByName(conn, "/system/scheduler", name);
  if (found.script) await removeByName(conn, "/system/script", name);
  return found;
}

/** removeByName for several menus: every print in one round trip, then the removes in the order given. */
async function removeAllByName(conn: RosConnection, menus: string[], name: string): Promise<void> {
  const found = await Promise.all(menus.map((menu) => conn.write([`${menu}/print`, `?name=${name}`])));
  for (const [i, rows] of found.entries()) {
    const ids = rows.filter((r) => r.name === name && r[".id"]).map((r) => r[".id"]);
    if (ids.length) await conn.write([`${menus[i]}/remove`, `=.id=${ids.join(",")}`]);
  }
}

/** Items are addressed by `.id` (docs/routeros-api-protocol.md §6): print with a name query, then remove what it returned. */
async function removeByName(conn: RosConnection, menu: string, name: string): Promise<void> {
  const rows = await conn.write([`${menu}/print`, `?name=${name}`]);
  const ids = rows.filter((r) => r.name === name && r[".id"]).map((r) => r[".id"]);
  if (ids.length) await conn.write([`${menu}/remove`, `=.id=${ids.join(",")}`]);
}
