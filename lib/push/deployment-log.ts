import { randomUUID } from "node:crypto";
import { execute, join, raw, sql, type Sql } from "@/lib/db/direct-sql";
import type { DeploymentStatus, StepPhase } from "./schemas";

/**
 * The push page polls once a second (components/push/batch-progress.tsx): a step waits at most that long
 * before it is written, and apply progress is written at most that often (and always for the last op).
 */
const STEP_FLUSH_MS = 1000;
const PROGRESS_EVERY_MS = 1000;

type PendingStep = { deploymentId: string; seq: number; at: Date; phase: string; level: string; message: string };
type DeploymentChange = Partial<{ status: DeploymentStatus; opsTotal: number; opsDone: number; startedAt: Date }>;
type RowChange = DeploymentChange &
  Partial<{
    error: string | null;
    routerError: string | null;
    rollbackOutcome: string | null;
    finishedAt: Date;
    durationMs: number;
  }>;

/** The Deployment columns this log writes: the only names that reach the SQL text. */
const COLUMNS: Record<keyof RowChange, Sql> = {
  status: raw('"status"'),
  opsTotal: raw('"opsTotal"'),
  opsDone: raw('"opsDone"'),
  startedAt: raw('"startedAt"'),
  error: raw('"error"'),
  routerError: raw('"routerError"'),
  rollbackOutcome: raw('"rollbackOutcome"'),
  finishedAt: raw('"finishedAt"'),
  durationMs: raw('"durationMs"'),
};

/**
 * Writes one deployment's step log and status as the push goes, so a reloaded page (or another person) sees
 * the same progress. Step numbers are per deployment and gap-free; each step keeps the time it happened.
 *
 * Steps are written in batches: with the next status change (in the same transaction, so a status is never
 * stored ahead of the steps that led to it), or STEP_FLUSH_MS after the first unwritten step. A push to 200
 * routers made ~5,000 single-row writes before (progress every 250 ms, each step alone) on the pushing
 * process's event loop, which all 200 pushes share; the writes are plain SQL (lib/db/direct-sql).
 */
export class DeploymentLog {
  private seq = 0;
  private lastProgressWrite = 0;
  private pending: PendingStep[] = [];
  /** Progress not yet written: it goes out with the next write (a status change follows the last op at once). */
  private pendingOpsDone: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly deploymentId: string) {
    // The status change that starts applying writes opsDone 0; the first op needs no write of its own.
    this.lastProgressWrite = Date.now();
  }

  /** Numbers new steps after the `stepsWritten` already stored (read with the deployment row). */
  resume(stepsWritten: number): void {
    this.seq = stepsWritten;
  }

  async step(phase: StepPhase, message: string, level: "info" | "warn" | "error" = "info"): Promise<void> {
    this.pending.push({ deploymentId: this.deploymentId, seq: ++this.seq, at: new Date(), phase, level, message });
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.write([], {}).catch((err) =>
          console.error(
            `[push] deployment ${this.deploymentId} step log:`,
            err instanceof Error ? err.message : "unknown",
          ),
        );
      }, STEP_FLUSH_MS);
      this.timer.unref?.();
    }
  }

  async status(status: DeploymentStatus, extra: Omit<DeploymentChange, "status"> = {}): Promise<void> {
    await this.write([], { status, ...extra });
  }

  /**
   * Apply progress, written at most every PROGRESS_EVERY_MS; the rest, the last op's included, goes out with
   * the next write (the step and status change that follow an apply).
   */
  async progress(done: number, total: number): Promise<void> {
    const now = Date.now();
    this.pendingOpsDone = done;
    if (done >= total || now - this.lastProgressWrite < PROGRESS_EVERY_MS) return;
    this.lastProgressWrite = now;
    await this.write([], {});
  }

  async finish(
    status: DeploymentStatus,
    outcome: { error?: string | null; routerError?: string | null; rollbackOutcome?: string | null },
    startedAt: Date,
    /** Statements that record the outcome elsewhere (audit, router status), committed with it in one transaction. */
    also: Sql[] = [],
  ): Promise<void> {
    const finishedAt = new Date();
    await this.write(also, {
      status,
      error: outcome.error ?? null,
      routerError: outcome.routerError ?? null,
      rollbackOutcome: outcome.rollbackOutcome ?? null,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
    });
  }

  /** Unwritten steps plus a change to the deployment row (and `also`), in one transaction when more than one. */
  private async write(also: Sql[], change: RowChange): Promise<void> {
    const steps = this.pending;
    this.pending = [];
    if (this.timer && steps.length > 0) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pendingOpsDone !== null && change.opsDone === undefined)
      change = { opsDone: this.pendingOpsDone, ...change };
    this.pendingOpsDone = null;
    const insert =
      steps.length > 0
        ? sql`INSERT INTO "DeploymentStep" ("id", "deploymentId", "seq", "at", "phase", "level", "message") VALUES ${join(
            steps.map(
              (st) =>
                sql`(${randomUUID()}, ${st.deploymentId}, ${st.seq}, ${st.at}, ${st.phase}, ${st.level}, ${st.message})`,
            ),
          )}`
        : null;
    const sets = (Object.keys(change) as (keyof RowChange)[])
      .filter((k) => change[k] !== undefined)
      .map((k) => sql`${COLUMNS[k]} = ${change[k]}`);
    const update =
      sets.length > 0 ? sql`UPDATE "Deployment" SET ${join(sets)} WHERE "id" = ${this.deploymentId}` : null;
    const statements = [insert, update, ...also].filter((x): x is Sql => x !== null);
    if (statements.length > 0) await execute(...statements);
  }
}
