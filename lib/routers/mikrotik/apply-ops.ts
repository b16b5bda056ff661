import { DriverError, type ApplyProgress, type VendorOp } from "../driver";
import { firstNonCp1252 } from "./cp1252-check";
import type { RosConnection } from "./routeros-client";

/**
 * The driver's window: how many sentences may be in flight (docs/routeros-facts.md §3). It is a safety ceiling,
 * not a pace: a failing op can have at most window − 1 ops behind it already sent (they run; the error lists
 * them, and the revert timer restores them with the rest). The whole window is open from the first sentence:
 * TCP already paces the bytes, and opening it by one a clean reply from 32 cost five round trips of a
 * 2,000-add push on a 20 ms link and bought no safety the ceiling does not.
 */
export const DEFAULT_PIPELINE_WINDOW = 1024;

/**
 * Runs VendorOps (each `wire` is one API sentence) in order over one connection, pipelined with tags: up to
 * the window's sentences are in flight, the router executes them in arrival order and answers per tag. Sequential
 * round trips cost 500 × RTT (docs/routeros-facts.md §3: 22 s with Nagle, 0.35 s without, 0.1 s pipelined on
 * loopback); on a WAN link the window is what keeps a push fast.
 *
 * Failure: nothing new is sent once a reply fails. The router has no transactions, so ops already in flight
 * behind the failing one (at most window-1) may have run; the error says which did, and which may have (a lost
 * connection leaves every op in flight unknown). window = 1 gives strict
 * one-at-a-time behaviour. The on-router revert timer is what restores a half-applied push either way.
 */
export async function applyOps(
  conn: RosConnection,
  ops: VendorOp[],
  window: number,
  onProgress?: (p: ApplyProgress) => void,
): Promise<void> {
  checkOps(ops);
  const total = ops.length;
  let done = 0;
  let next = 0;
  let failed: { index: number; error: unknown } | null = null;
  const ranAfterFailure: number[] = [];
  /** Ops behind the failing one that failed too (a lost connection fails every op in flight). */
  const lostWith: number[] = [];
  let inFlight = 0;
  const open = Math.max(1, Math.floor(window));

  await new Promise<void>((resolve) => {
    const launch = () => {
      while (!failed && next < total && inFlight < open) {
        const index = next++;
        inFlight++;
        conn.send(ops[index].wire, (error) => {
          inFlight--;
          if (!error) {
            if (failed && index > failed.index) ranAfterFailure.push(index);
            else {
              done++;
              onProgress?.({ done, total });
            }
          } else if (!failed || index < failed.index) {
            if (failed) lostWith.push(failed.index);
            failed = { index, error };
          } else lostWith.push(index);
          launch();
        });
      }
      if (inFlight === 0) resolve();
    };
    launch();
  });

  if (failed) {
    const { index, error } = failed as { index: number; error: unknown };
    const cause = error instanceof DriverError ? error : new DriverError("protocol", String(error));
    throw new DriverError(
      cause.kind,
      failureText(ops, index, cause, ranAfterFailure, lostWith),
      cause.routerMessage,
      index,
    );
  }
}

/**
 * Names the failing operation 1-based ("operation 2 of 4"), as the deployment log does, and what is known of the
 * others: every op before it ran (replies come in order); ops in flight behind it either ran (their reply came)
 * or, when the connection was lost, may or may not have run.
 */
function failureText(ops: VendorOp[], index: number, cause: DriverError, ran: number[], lost: number[]): string {
  const n = (i: number) => i + 1;
  const list = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b).map(n);
    return s.length > 3 && s[s.length - 1] - s[0] === s.length - 1 ? `${s[0]}–${s[s.length - 1]}` : s.join(", ");
  };
  const where = `operation ${n(index)} of ${ops.length} (${ops[index].label})`;
  const before = index === 0 ? "" : `; operation${index === 1 ? "" : "s"} 1${index === 1 ? "" : `–${index}`} ran`;
  const connectionLost = cause.kind === "closed" || cause.kind === "timeout";
  const head = connectionLost
    ? `the connection was lost during ${where} (${cause.message}): it and ${lost.length ? `operation${lost.length === 1 ? "" : "s"} ${list(lost)}, also sent,` : "nothing else"} may or may not have run`
    : `${where} failed: ${cause.routerMessage ?? cause.message}`;
  const after = ran.length
    ? `; operation${ran.length === 1 ? "" : "s"} ${list(ran)} ${ran.length === 1 ? "was" : "were"} already in flight and ran after it`
    : "";
  return `${head}${before}${after}`;
}

/** Everything is checked before the first word is sent, so a bad op never leaves a half-applied push. */
function checkOps(ops: VendorOp[]): void {
  ops.forEach((op, i) => {
    const command = op.wire[0];
    if (!command || !command.startsWith("/") || command === "/login" || command === "/quit" || command === "/cancel") {
      throw new DriverError("protocol", `op ${i} (${op.label}) is not a RouterOS API command`, undefined, i);
    }
    for (const w of op.wire) {
      if (w.startsWith(".tag="))
        throw new DriverError("protocol", `op ${i} (${op.label}) carries its own .tag`, undefined, i);
      if (!(w === command || w.startsWith("=") || w.startsWith("?"))) {
        throw new DriverError(
          "protocol",
          `op ${i} (${op.label}): word ${JSON.stringify(w.slice(0, 40))} is neither =attribute nor ?query`,
          undefined,
          i,
        );
      }
      const bad = firstNonCp1252(w);
      if (bad)
        throw new DriverError(
          "protocol",
          `op ${i} (${op.label}): character ${JSON.stringify(bad)} cannot be sent to RouterOS (windows-1252 only)`,
          undefined,
          i,
        );
    }
  });
}
