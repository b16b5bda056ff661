export interface BoundedOptions {
  /**
   * An item still running after this long stops holding its place (it keeps running, up to maxInFlight in all),
   * unless it called keep() (the router answered: what is left is our own work, which the places bound): a
   * router that does not answer waits out its timeout without keeping an answering one from being polled.
   */
  releaseAfterMs?: number | (() => number);
  /** Items running at once, released ones included (each poll holds a socket). */
  maxInFlight?: number;
}

/** Runs fn over items with at most `limit` in flight (see BoundedOptions); one slow item never holds up the others. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, place: { keep(): void }) => Promise<R>,
  opts: BoundedOptions = {},
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let inFlight = 0;
  const released = new Set<Promise<void>>();
  const waiting: (() => void)[] = [];
  async function worker() {
    for (;;) {
      while (opts.maxInFlight && inFlight >= opts.maxInFlight) await new Promise<void>((r) => waiting.push(r));
      if (next >= items.length) return;
      const i = next++;
      inFlight++;
      let kept = false;
      const run = fn(items[i], { keep: () => void (kept = true) })
        .then((v) => void (results[i] = v))
        .finally(() => {
          inFlight--;
          waiting.shift()?.();
        });
      if (!opts.releaseAfterMs) {
        await run;
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const late = await Promise.race([
        run.then(() => false),
        new Promise<boolean>(
          (r) =>
            (timer = setTimeout(
              () => r(true),
              typeof opts.releaseAfterMs === "function" ? opts.releaseAfterMs() : opts.releaseAfterMs,
            )),
        ),
      ]);
      clearTimeout(timer);
      if (late && kept) await run;
      else if (late) {
        released.add(run);
        void run.then(
          () => released.delete(run),
          () => released.delete(run),
        );
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  await Promise.all([...released]);
  return results;
}

/**
 * Resolves to the fallback if the promise has not settled in time; the late result is ignored. The verdict waits
 * for I/O already pending (see lib/routers/wire-deadline.ts), so a busy process does not discard an answer that
 * arrived in time.
 */
export function withDeadline<T>(p: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  return new Promise((resolve) => {
    const t = setTimeout(() => setImmediate(() => resolve(fallback())), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(fallback());
      },
    );
  });
}
