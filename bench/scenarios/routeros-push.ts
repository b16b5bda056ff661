import { createMikrotikDriver } from "@/lib/routers/mikrotik";
import { startRouterOsPeer } from "@/tests/peers/routeros";
import { startDelayProxy } from "../delay-proxy";
import { measureRosRtt } from "../support/measure-rtt";
import { int, ms, times } from "../support/format";
import { benchRuleSet } from "../support/rule-sets";
import { routerOsPushOps } from "../support/routeros-ops";
import { PEER_PASSWORD, PEER_USER, routerOsTarget } from "../support/routeros-target";
import type { Scenario } from "../types";
import type { VendorOp } from "@/lib/routers/driver";
import { DEFAULT_PIPELINE_WINDOW } from "@/lib/routers/mikrotik/apply-ops";
import { barePipelinedPush } from "../support/bare-pipelined-add";

/** The driver's default pipeline window (lib/routers/mikrotik/apply-ops.ts); the bench passes it explicitly. */
export const PIPELINE_WINDOW = DEFAULT_PIPELINE_WINDOW;

/** Pushes `ops` to a fresh empty peer behind its own delaying proxy; returns the apply time and the rows the peer holds. */
export async function pushToFreshPeer(
  ops: VendorOp[],
  oneWayDelayMs: number,
  pipelineWindow: number,
): Promise<{ applyMs: number; rows: number; rttMs: number }> {
  const peer = await startRouterOsPeer({ users: { [PEER_USER]: PEER_PASSWORD } });
  const proxy = await startDelayProxy({ targetPort: peer.port, oneWayDelayMs });
  try {
    const rttMs = await measureRosRtt(proxy.port, 5);
    const session = await createMikrotikDriver({ pipelineWindow }).connect(routerOsTarget(proxy.host, proxy.port));
    try {
      const t0 = performance.now();
      await session.apply(ops);
      const applyMs = performance.now() - t0;
      return { applyMs, rows: peer.rows("ip/firewall/filter").length, rttMs };
    } finally {
      await session.close();
    }
  } finally {
    await proxy.close();
    await peer.close();
  }
}

export const routerOsPush: Scenario = {
  id: "routeros-push",
  title: (s) => `push ${int(s.pushRules)} rules to an empty RouterOS peer at ${s.rttMs} ms RTT`,
  baseline: () => "naive client: one command per round trip, in order; physical bound: all adds written at once",
  target: () => "≥ 20× faster than naive; ≤ 2× the physical bound measured in this run",
  async run(ctx) {
    const { pushRules: n, rttMs } = ctx.sizes;
    const { ops, source } = routerOsPushOps(benchRuleSet(n));
    ctx.log(`routeros-push: ${ops.length} ops (${source}); naive run first, one sentence per round trip`);
    // Naive: the same client code with a window of 1 (TCP_NODELAY on, so Nagle is not what is being measured).
    const naive = await pushToFreshPeer(ops, rttMs / 2, 1);
    ctx.log(`routeros-push: naive ${ms(naive.applyMs)}; now the bound (every add written at once), then the driver`);
    const bare = await barePipelinedPush(ops, rttMs / 2);
    const piped = await pushToFreshPeer(ops, rttMs / 2, PIPELINE_WINDOW);
    // What the old bound was (a fixed window of 32 needs ceil(ops/32) round trips): shown, not judged.
    const fixed32RoundTripsMs = Math.ceil(ops.length / 32) * piped.rttMs;
    const speedup = naive.applyMs / piped.applyMs;
    const ofBound = piped.applyMs / bare.ms;
    const allThere =
      naive.rows === ops.length && piped.rows === ops.length && bare.rows === ops.length && bare.traps === 0;
    const pass = speedup >= 20 && ofBound <= 2 && allThere;
    return {
      measured: `${times(speedup)} (naive ${ms(naive.applyMs)}, driver ${ms(piped.applyMs)}); ${ofBound.toFixed(2)}× the bound ${ms(bare.ms)}`,
      verdict: pass ? "PASS" : "FAIL",
      note: [
        !allThere
          ? `peer rows after push: naive ${naive.rows}, driver ${piped.rows}, bound ${bare.rows} (${bare.traps} traps), expected ${ops.length}`
          : "",
        `bound = the same ${ops.length} add sentences written to a fresh peer on the same link in one socket write (byte-level client, every sentence tagged, no window), until the last reply: measured, ${ms(bare.ms)} at RTT ${ms(piped.rttMs)}`,
        `driver window ${PIPELINE_WINDOW} sentences; a fixed window of 32 would need ${Math.ceil(ops.length / 32)} round trips (${ms(fixed32RoundTripsMs)})`,
        source === "bench"
          ? "ops are bench-made add sentences (the RouterOS planner had not landed)"
          : "ops from the RouterOS planner",
      ]
        .filter(Boolean)
        .join("; "),
      details: {
        ops: ops.length,
        opsSource: source,
        configuredRttMs: rttMs,
        measuredRttMs: { naive: naive.rttMs, driver: piped.rttMs },
        naiveApplyMs: naive.applyMs,
        driverApplyMs: piped.applyMs,
        pipelineWindow: PIPELINE_WINDOW,
        boundMs: bare.ms,
        fixed32RoundTripsMs,
        speedup,
        timesBound: ofBound,
        peerRows: { naive: naive.rows, driver: piped.rows, bound: bare.rows },
      },
    };
  },
};
