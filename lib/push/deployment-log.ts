import { db } from "@/lib/db/client";
import type { DeploymentStatus, StepPhase } from "./schemas";

/**
 * Writes one deployment's step log and status as the push goes, so a reloaded page (or another person) sees
 * the same progress. Step numbers are per deployment and gap-free.
 */
export class DeploymentLog {
  private seq = 0;
  private lastProgressWrite = 0;

  constructor(readonly deploymentId: string) {}

  async init(): Promise<void> {
    this.seq = await db.deploymentStep.count({ where: { deploymentId: this.deploymentId } });
  }

  async step(phase: StepPhase, message: string, level: "info" | "warn" | "error" = "info"): Promise<void> {
    await db.deploymentStep.create({ data: { deploymentId: this.deploymentId, seq: ++this.seq, phase, level, message } });
  }

  async status(status: DeploymentStatus, extra: Partial<{ opsTotal: number; opsDone: number; startedAt: Date }> = {}): Promise<void> {
    await db.deployment.update({ where: { id: this.deploymentId }, data: { status, ...extra } });
  }

  /** Apply progress, written at most every 250 ms (and always for the last op) so a long push stays cheap. */
  async progress(done: number, total: number): Promise<void> {
    const now = Date.now();
    if (done < total && now - this.lastProgressWrite < 250) return;
    this.lastProgressWrite = now;
    await db.deployment.update({ where: { id: this.deploymentId }, data: { opsDone: done } });
  }

  async finish(
    status: DeploymentStatus,
    outcome: { error?: string | null; routerError?: string | null; rollbackOutcome?: string | null },
    startedAt: Date,
  ): Promise<void> {
    const finishedAt = new Date();
    await db.deployment.update({
      where: { id: this.deploymentId },
      data: {
        status,
        error: outcome.error ?? null,
        routerError: outcome.routerError ?? null,
        rollbackOutcome: outcome.rollbackOutcome ?? null,
        finishedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
      },
    });
  }
}
