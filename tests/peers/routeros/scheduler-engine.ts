import type { MenuContext } from "./menu-table";
import { menuRows, peerNow } from "./peer-state";
import type { Row } from "./query";
import { formatDate, formatTime, parseDate, parseDuration, parseTimeOfDay } from "./routeros-time";
import { ScriptRunner } from "./script-runner";

/**
 * Runs /system/scheduler entries for real: when an entry is due, its `on-event` (a script name, else inline
 * source) is parsed and executed by ScriptRunner against the live tables. Start defaults to the creation time,
 * so with `interval=5m` and no start the first run is 5 min after `add` (docs/routeros-api-protocol.md §7, unconfirmed
 * there; this peer follows it). `interval=0s` runs once at the start time if that was in the future when added.
 * `start-time=startup` never fires (the peer does not reboot).
 */
export class SchedulerEngine {
  private timers = new Map<string, NodeJS.Timeout>();
  private lastRun = new Map<string, number>();
  private createdAt = new Map<string, number>();
  private stopped = false;
  readonly runner: ScriptRunner;

  constructor(private readonly ctx: MenuContext) {
    this.runner = new ScriptRunner(ctx);
  }

  /** Re-arms every timer from the table; called after any change to the scheduler menu or the clock. */
  rearm(): void {
    if (this.stopped) return;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const now = peerNow(this.ctx.state);
    for (const row of menuRows(this.ctx.state, "system/scheduler")) {
      const id = row[".id"];
      if (!this.createdAt.has(id)) this.createdAt.set(id, now);
      this.fillStart(row, this.createdAt.get(id)!);
      const next = this.nextRun(row, now);
      if (next === null) {
        delete row["next-run"];
        continue;
      }
      row["next-run"] = `${formatDate(next, this.ctx.state.version)} ${formatTime(next)}`;
      const timer = setTimeout(() => this.fire(id), Math.max(0, next - now));
      timer.unref();
      this.timers.set(id, timer);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private fire(id: string): void {
    const row = menuRows(this.ctx.state, "system/scheduler").find((r) => r[".id"] === id);
    if (!row || row.disabled === "true") return;
    this.lastRun.set(id, peerNow(this.ctx.state));
    row["run-count"] = String(Number(row["run-count"] ?? "0") + 1);
    const event = row["on-event"] ?? "";
    const script = menuRows(this.ctx.state, "system/script").find((r) => r.name === event);
    if (script) script["run-count"] = String(Number(script["run-count"] ?? "0") + 1);
    this.ctx.state.log.push({ topic: "system,scheduler", message: `running ${row.name}` });
    this.runner.run(script ? (script.source ?? "") : event, `scheduler ${row.name}`);
    this.rearm();
  }

  /** Real routers fill start-date/start-time with the creation moment when they are not given. */
  private fillStart(row: Row, created: number): void {
    if (!row["start-date"]) row["start-date"] = formatDate(created, this.ctx.state.version);
    if (!row["start-time"]) row["start-time"] = formatTime(created);
  }

  private nextRun(row: Row, now: number): number | null {
    if (row.disabled === "true" || row["start-time"] === "startup") return null;
    const date = parseDate(row["start-date"] ?? "");
    const tod = parseTimeOfDay(row["start-time"] ?? "");
    if (date === null || tod === null) return null;
    const start = date + tod;
    const interval = parseDuration(row.interval ?? "0s") ?? 0;
    const id = row[".id"];
    const last = this.lastRun.get(id);
    const created = this.createdAt.get(id) ?? now;
    if (interval === 0) {
      if (last !== undefined) return null;
      // A once-only entry whose start already passed when it was added never runs.
      return start > created ? start : null;
    }
    const ref = Math.max(last ?? created, created);
    if (start > ref) return start;
    return start + (Math.floor((ref - start) / interval) + 1) * interval;
  }
}
