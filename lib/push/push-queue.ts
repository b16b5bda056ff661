import { serverEnv } from "@/lib/env";
import { runDeployment, type PushHooks } from "./run-deployment";

/**
 * The in-process job queue: deployment ids waiting to run, at most `concurrency` at a time, never two on the
 * same router at once. The database holds every state, so a reloaded page sees progress; this only decides
 * what runs next. One instance per process (kept on globalThis across dev reloads).
 */
interface QueueState {
  pending: { id: string; routerId: string; batchId: string | null }[];
  runningRouters: Set<string>;
  running: number;
  hooks: PushHooks;
  onFinished: ((deploymentId: string) => Promise<void>) | null;
  idle: (() => void)[];
}

const g = globalThis as unknown as { rampartPushQueue?: QueueState };
const q: QueueState = (g.rampartPushQueue ??= {
  pending: [],
  runningRouters: new Set(),
  running: 0,
  hooks: {},
  onFinished: null,
  idle: [],
});

/**
 * A push spends nearly all its time waiting on its router (round trips, the read-back), and its CPU here is
 * small once the revision is compiled once per batch, so 64 at once keeps a 200-router rollout to 4 rounds.
 * The bound keeps sockets and memory in check on a big fleet; a canary still goes alone first.
 * RAMPART_PUSH_CONCURRENCY (lib/env.ts) sets it: 64 unless set, 1 to 128.
 */
export function pushConcurrency(): number {
  return serverEnv().RAMPART_PUSH_CONCURRENCY;
}

export function enqueue(items: { id: string; routerId: string; batchId: string | null }[]): void {
  q.pending.push(...items);
  pump();
}

/** Removes a batch's waiting deployments (stop on failure, canary stop); returns their ids. */
export function dropPending(batchId: string): string[] {
  const dropped = q.pending.filter((p) => p.batchId === batchId).map((p) => p.id);
  q.pending = q.pending.filter((p) => p.batchId !== batchId);
  return dropped;
}

export function pendingCount(batchId: string): number {
  return q.pending.filter((p) => p.batchId === batchId).length;
}

export function setFinishedHandler(fn: (deploymentId: string) => Promise<void>): void {
  q.onFinished = fn;
}

/** Tests only: hooks that simulate Rampart dying or the router changing mid-push. */
export function setPushHooks(hooks: PushHooks): void {
  q.hooks = hooks;
}

/**
 * Tests only: the pushes running now belong to a process that was killed. Their promises never settle (a hook
 * holds them); the queue forgets them, as the restarted process's queue would never have known them.
 */
export function forgetRunning(): void {
  q.running = 0;
  q.runningRouters.clear();
}

/** Resolves when nothing is running or waiting (tests, graceful shutdown). */
export function whenIdle(): Promise<void> {
  if (q.running === 0 && q.pending.length === 0) return Promise.resolve();
  return new Promise((r) => q.idle.push(r));
}

function pump(): void {
  const limit = pushConcurrency();
  for (let i = 0; i < q.pending.length && q.running < limit;) {
    const next = q.pending[i];
    if (q.runningRouters.has(next.routerId)) {
      i++;
      continue;
    }
    q.pending.splice(i, 1);
    q.running++;
    q.runningRouters.add(next.routerId);
    void runDeployment(next.id, q.hooks)
      .catch((err) =>
        console.error(`[push] deployment ${next.id} crashed:`, err instanceof Error ? err.message : "unknown"),
      )
      .then(() => q.onFinished?.(next.id))
      .catch((err) =>
        console.error(`[push] after deployment ${next.id}:`, err instanceof Error ? err.message : "unknown"),
      )
      .finally(() => {
        q.running--;
        q.runningRouters.delete(next.routerId);
        pump();
        if (q.running === 0 && q.pending.length === 0) for (const r of q.idle.splice(0)) r();
      });
  }
}
