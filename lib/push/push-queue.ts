import { serverEnv } from "@/lib/env";
import { runDeployment, type PushHooks } from "./run-deployment";

/**
 * The in-process job queue: deployment ids waiting to run, at most `concurrency` at a time, never two on the
 * same router at once. The database holds every state, so a reloaded page sees progress; this only decides
 * what runs next. One instance per process (kept on globalThis across dev reloads).
 */
type Item = { id: string; routerId: string; batchId: string | null };

interface QueueState {
  pending: Item[];
  runningRouters: Set<string>;
  running: number;
  /** Deployments running now, by id (their batch, to count). */
  runningItems: Map<string, Item>;
  /** Per batch: how many of its deployments wait or run in this process (a run counts until it has ended). */
  inFlight: Map<string, number>;
  hooks: PushHooks;
  onFinished: ((deploymentId: string) => Promise<void>) | null;
  idle: (() => void)[];
}

const g = globalThis as unknown as { rampartPushQueue?: QueueState };
const q: QueueState = (g.rampartPushQueue ??= {
  pending: [],
  runningRouters: new Set(),
  running: 0,
  runningItems: new Map(),
  inFlight: new Map(),
  hooks: {},
  onFinished: null,
  idle: [],
});
// A queue kept across a dev reload from before these counts existed.
q.runningItems ??= new Map();
q.inFlight ??= new Map();

function countInFlight(batchId: string | null, by: number): void {
  if (!batchId) return;
  const n = (q.inFlight.get(batchId) ?? 0) + by;
  if (n > 0) q.inFlight.set(batchId, n);
  else q.inFlight.delete(batchId);
}

/**
 * A push spends nearly all its time waiting on its router (round trips, the read-back), and its CPU here is
 * small once the revision is compiled once per batch, so 64 at once keeps a 200-router rollout to 4 rounds.
 * The bound keeps sockets and memory in check on a big fleet; a canary still goes alone first.
 * RAMPART_PUSH_CONCURRENCY (lib/env.ts) sets it: 64 unless set, 1 to 128.
 */
export function pushConcurrency(): number {
  return serverEnv().RAMPART_PUSH_CONCURRENCY;
}

export function enqueue(items: Item[]): void {
  q.pending.push(...items);
  for (const i of items) countInFlight(i.batchId, 1);
  pump();
}

/** Removes a batch's waiting deployments (stop on failure, canary stop); returns their ids. */
export function dropPending(batchId: string): string[] {
  const dropped = q.pending.filter((p) => p.batchId === batchId).map((p) => p.id);
  q.pending = q.pending.filter((p) => p.batchId !== batchId);
  countInFlight(batchId, -dropped.length);
  return dropped;
}

/**
 * The batch's deployments waiting or running in this process, the one that just ended not counted (its
 * finished handler runs after it is uncounted). While this is above 0 the batch is not over, whatever other
 * processes do; at 0 only the database can tell. O(1): the finished handler asks after every deployment.
 */
export function inFlightCount(batchId: string): number {
  return q.inFlight.get(batchId) ?? 0;
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
  for (const item of q.runningItems.values()) countInFlight(item.batchId, -1);
  q.runningItems.clear();
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
    q.runningItems.set(next.id, next);
    void runDeployment(next.id, q.hooks)
      .catch((err) =>
        console.error(`[push] deployment ${next.id} crashed:`, err instanceof Error ? err.message : "unknown"),
      )
      .then(() => {
        if (q.runningItems.delete(next.id)) countInFlight(next.batchId, -1);
        return q.onFinished?.(next.id);
      })
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
