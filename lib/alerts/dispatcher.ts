import { deliverDue } from "./outbox";

const g = globalThis as unknown as {
  rampartAlerts?: { timer: NodeJS.Timeout | null; running: boolean; again: boolean; stopped: boolean };
};
const TICK_MS = 5_000;

/**
 * Sends due alerts in the background of the server process: every few seconds, and at once when an alert is
 * recorded (kickAlerts). Callers never wait for a send; deliveries are claimed row by row (outbox.ts), so a
 * second process running this too is safe.
 */
export function startAlertDispatcher(): void {
  if (g.rampartAlerts) return;
  g.rampartAlerts = { timer: null, running: false, again: false, stopped: false };
  const schedule = () => {
    const s = g.rampartAlerts;
    if (!s || s.stopped) return;
    s.timer = setTimeout(() => void run(), TICK_MS);
    s.timer.unref?.();
  };
  schedule();
  scheduleNext = schedule;
}

let scheduleNext: (() => void) | null = null;

async function run(): Promise<void> {
  const s = g.rampartAlerts;
  if (!s || s.stopped) return;
  if (s.running) {
    s.again = true;
    return;
  }
  if (s.timer) clearTimeout(s.timer);
  s.running = true;
  try {
    do {
      s.again = false;
      await deliverDue();
    } while (s.again);
  } catch (err) {
    console.error(`[alerts] sending failed: ${err instanceof Error ? err.name : "error"}`);
  } finally {
    s.running = false;
    scheduleNext?.();
  }
}

/** An alert was just recorded: send it soon, without making the caller wait. */
export function kickAlerts(): void {
  if (!g.rampartAlerts) return;
  setImmediate(() => void run());
}

export function stopAlertDispatcher(): void {
  if (!g.rampartAlerts) return;
  g.rampartAlerts.stopped = true;
  if (g.rampartAlerts.timer) clearTimeout(g.rampartAlerts.timer);
  g.rampartAlerts = undefined;
}
