import { db } from "@/lib/db/client";
import "./batch";
import { RUNNING_STATUSES } from "./schemas";

const g = globalThis as unknown as { rampartPushRecovered?: boolean };

/**
 * At server start nothing can be running yet, so a deployment that says it is was cut off by a restart.
 * Its router is in one of two states and the timer decides which: confirmed (new rules) or, when the
 * confirmation never came, restored by itself to the previous firewall. Queued work of running batches is
 * skipped (its previews may be stale by now); batches waiting after a canary keep waiting.
 */
export async function recoverInterruptedPushes(opts: { force?: boolean } = {}): Promise<number> {
  if (g.rampartPushRecovered && !opts.force) return 0;
  g.rampartPushRecovered = true;
  const now = new Date();
  const cut = await db.deployment.updateMany({
    where: { status: { in: [...RUNNING_STATUSES] } },
    data: {
      status: "failed-unknown",
      error:
        "Rampart restarted during this push, so it never finished. Unless it had been confirmed, the router's revert timer restored the previous firewall by itself; check the router (preview shows its live state) and push again.",
      finishedAt: now,
    },
  });
  const running = await db.pushBatch.findMany({ where: { state: "running" }, select: { id: true } });
  for (const b of running) {
    await db.deployment.updateMany({ where: { batchId: b.id, status: "queued" }, data: { status: "skipped", error: "not pushed: Rampart restarted before this router's turn", finishedAt: now } });
    await db.pushBatch.update({ where: { id: b.id }, data: { state: "stopped", finishedAt: now } });
  }
  return cut.count;
}
