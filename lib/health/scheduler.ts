import { serverEnv } from "@/lib/env";
import { loadPollSettings } from "./poll-interval";
import { compactHealthSamples } from "./retention";
import { sweepAll } from "./sweep";

const g = globalThis as unknown as {
  rampartPoller?: { timer: NodeJS.Timeout | null; running: boolean; stopped: boolean };
};

/**
 * Runs inside the web server (instrumentation hook), so there is no second process to remember. Sweeps never
 * overlap: the next one is scheduled when the previous one ends, one interval after it started.
 */
export function startHealthPoller(): void {
  if (g.rampartPoller || serverEnv().RAMPART_DISABLE_POLLER) return;
  const state: { timer: NodeJS.Timeout | null; running: boolean; stopped: boolean } = {
    timer: null,
    running: false,
    stopped: false,
  };
  g.rampartPoller = state;
  let lastCompaction = 0;
  const tick = async () => {
    if (state.stopped) return;
    const started = Date.now();
    let interval = 30_000;
    try {
      const s = await loadPollSettings();
      interval = s.intervalSeconds * 1000;
      state.running = true;
      await sweepAll({
        concurrency: s.concurrency,
        timeoutMs: s.timeoutSeconds * 1000,
        driftEveryMs: s.driftSeconds * 1000,
      });
      if (Date.now() - lastCompaction > 10 * 60_000) {
        lastCompaction = Date.now();
        await compactHealthSamples();
      }
    } catch (err) {
      console.error(`[health] sweep failed: ${err instanceof Error ? err.message : "error"}`);
    } finally {
      state.running = false;
    }
    state.timer = setTimeout(tick, Math.max(1000, interval - (Date.now() - started)));
    state.timer.unref?.();
  };
  state.timer = setTimeout(tick, 1500);
}

export function stopHealthPoller(): void {
  if (!g.rampartPoller) return;
  g.rampartPoller.stopped = true;
  if (g.rampartPoller.timer) clearTimeout(g.rampartPoller.timer);
  g.rampartPoller = undefined;
}
