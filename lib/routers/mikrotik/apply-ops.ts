import { DriverError, type ApplyProgress, type VendorOp } from "../driver";
import { firstNonCp1252 } from "./cp1252-check";
import type { RosConnection } from "./ros-connection";

/**
 * Runs VendorOps (each `wire` is one API sentence) in order over one connection, pipelined with tags: up to
 * `window` sentences are in flight, the router executes them in arrival order and answers per tag. Sequential
 * round trips cost 500 × RTT (routeros-api.md §10: 22 s with Nagle, 0.35 s without, 0.1 s pipelined on
 * loopback); on a WAN link the window is what keeps a push fast.
 *
 * Failure: nothing new is sent once a reply fails. The router has no transactions, so ops already in flight
 * behind the failing one (at most window-1) may have run; the error says which did. window = 1 gives strict
 * one-at-a-time behaviour. The on-router revert timer is what restores a half-applied push either way.
 */
export async function applyOps(conn: RosConnection, ops: VendorOp[], window: number, onProgress?: (p: ApplyProgress) => void): Promise<void> {
  checkOps(ops);
  const total = ops.length;
  let done = 0;
  let next = 0;
  let failed: { index: number; error: unknown } | null = null;
  const ranAfterFailure: number[] = [];
  const inFlight = new Set<Promise<void>>();

  await new Promise<void>((resolve) => {
    const launch = () => {
      while (!failed && next < total && inFlight.size < Math.max(1, window)) {
        const index = next++;
        const p: Promise<void> = conn
          .write(ops[index].wire)
          .then(
            () => {
              if (failed && index > failed.index) ranAfterFailure.push(index);
              else {
                done++;
                onProgress?.({ done, total });
              }
            },
            (error: unknown) => {
              if (!failed || index < failed.index) failed = { index, error };
            },
          )
          .finally(() => {
            inFlight.delete(p);
            launch();
          });
        inFlight.add(p);
      }
      if (inFlight.size === 0) resolve();
    };
    launch();
  });

  if (failed) {
    const { index, error } = failed as { index: number; error: unknown };
    const cause = error instanceof DriverError ? error : new DriverError("protocol", String(error));
    const after = ranAfterFailure.length ? `; ops ${ranAfterFailure.sort((a, b) => a - b).join(", ")} were already in flight and ran` : "";
    throw new DriverError(cause.kind, `op ${index} (${ops[index].label}) failed: ${cause.routerMessage ?? cause.message}${after}`, cause.routerMessage, index);
  }
}

/** Everything is checked before the first word is sent, so a bad op never leaves a half-applied push. */
function checkOps(ops: VendorOp[]): void {
  ops.forEach((op, i) => {
    const command = op.wire[0];
    if (!command || !command.startsWith("/") || command === "/login" || command === "/quit" || command === "/cancel") {
      throw new DriverError("protocol", `op ${i} (${op.label}) is not a RouterOS API command`, undefined, i);
    }
    for (const w of op.wire) {
      if (w.startsWith(".tag=")) throw new DriverError("protocol", `op ${i} (${op.label}) carries its own .tag`, undefined, i);
      if (!(w === command || w.startsWith("=") || w.startsWith("?"))) {
        throw new DriverError("protocol", `op ${i} (${op.label}): word ${JSON.stringify(w.slice(0, 40))} is neither =attribute nor ?query`, undefined, i);
      }
      const bad = firstNonCp1252(w);
      if (bad) throw new DriverError("protocol", `op ${i} (${op.label}): character ${JSON.stringify(bad)} cannot be sent to RouterOS (windows-1252 only)`, undefined, i);
    }
  });
}
