import { describe, expect, it } from "vitest";
import net from "node:net";
import { startDelayProxy } from "../../bench/delay-proxy";
import { runBench } from "../../bench/run-bench";
import { SCENARIOS } from "../../bench/scenarios";

/**
 * Keeps the bench code working at a tiny size (20 rules, a handful of routers). Asserts what was done and
 * counted, never how fast: speed targets live only in `npm run bench`.
 */
describe("bench smoke run", () => {
  it("the delaying proxy delays each direction and keeps write boundaries", async () => {
    const echo = net.createServer((s) => s.on("data", (d) => s.write(d)));
    await new Promise<void>((r) => echo.listen(0, "127.0.0.1", () => r()));
    const proxy = await startDelayProxy({ targetPort: (echo.address() as net.AddressInfo).port, oneWayDelayMs: 30 });
    try {
      const c = net.connect(proxy.port, "127.0.0.1");
      c.setNoDelay(true);
      await new Promise((r) => c.once("connect", r));
      const arrivals: number[] = [];
      const got = new Promise<void>((resolve) =>
        c.on("data", (d) => {
          for (let i = 0; i < d.length; i++) arrivals.push(performance.now());
          if (arrivals.length >= 2) resolve();
        }),
      );
      const t0 = performance.now();
      c.write("a");
      await new Promise((r) => setTimeout(r, 40));
      c.write("b");
      await got;
      // Each byte came back no sooner than one round trip after it left, and the 40 ms gap survived.
      expect(arrivals[0] - t0).toBeGreaterThanOrEqual(59);
      expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(30);
      expect(proxy.stats()).toMatchObject({ connections: 1, bytesUp: 2, bytesDown: 2 });
      c.destroy();
    } finally {
      await proxy.close();
      await new Promise((r) => echo.close(r));
    }
  });

  it("runs every scenario at a tiny size and fills the table", async () => {
    const lines: string[] = [];
    const { report, table, files } = await runBench({
      mode: "smoke",
      only: null,
      write: false,
      log: (l) => lines.push(l),
    });
    expect(files).toBeNull();
    expect(report.results.map((r) => r.id)).toEqual(SCENARIOS.map((s) => s.id));
    for (const r of report.results) {
      expect(r.verdict, `${r.id}: ${r.measured} ${r.note ?? ""}`).toMatch(/^(PASS|FAIL|N\/A)$/);
      // A scenario that threw is reported as "error: ..."; in the smoke run none may.
      expect(r.measured, r.id).not.toMatch(/^error:/);
      expect(table).toContain(r.scenario.split(" ").slice(0, 3).join(" "));
    }
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));

    // Both pushes really ran: the peers hold every rule.
    const push = byId["routeros-push"].details as {
      ops: number;
      peerRows: { naive: number; driver: number; bound: number };
      boundMs: number;
    };
    expect(push.peerRows).toEqual({ naive: push.ops, driver: push.ops, bound: push.ops });
    expect(push.boundMs).toBeGreaterThan(0);

    // The sweep saw every router in the state its fault gives it; each hanging router was connected to once.
    const sweep = byId["health-sweep"].details as {
      routers: number;
      hanging: number;
      refusing: number;
      states: Record<string, number>;
      hungHoldMs: { count: number };
    };
    expect(sweep.routers).toBe(10);
    expect(sweep.states.down).toBe(sweep.hanging + sweep.refusing);
    expect(sweep.hungHoldMs.count).toBe(sweep.hanging);

    const memory = byId["poller-memory"].details as { sweeps: number; idle: { rss: number } };
    expect(memory.sweeps).toBe(2);
    expect(memory.idle.rss).toBeGreaterThan(0);

    // Plan-based rows count ops from the plan and read the router back; the fleet row checks every router.
    const change = byId["routeros-change-one"];
    if (change.verdict !== "N/A") {
      const d = change.details as {
        incremental: { writeOps: number };
        driftAfterIncremental: number;
        driftAfterFull: number;
      };
      expect(d.incremental.writeOps).toBe(1);
      expect([d.driftAfterIncremental, d.driftAfterFull]).toEqual([0, 0]);
    }
    const reorder = byId["routeros-reorder"];
    if (reorder.verdict !== "N/A") {
      const d = reorder.details as { incremental: { counts: Record<string, number> }; lastOnTop: boolean };
      expect(d.incremental.counts).toEqual({ add: 0, change: 0, remove: 0, move: 1 });
      expect(d.lastOnTop).toBe(true);
    }
    for (const id of ["fleet-push", "fleet-push-large"]) {
      const fleet = byId[id];
      if (fleet.verdict === "N/A") continue;
      const d = fleet.details as { allComplete: boolean; one: { previewMs: number }; fleet: { previewMs: number } };
      expect(d.allComplete, id).toBe(true);
      // Previews are part of what is measured and judged.
      expect(d.one.previewMs, id).toBeGreaterThan(0);
      expect(d.fleet.previewMs, id).toBeGreaterThan(0);
    }
    // End to end: lib/push pushed the whole set, then the one changed rule as one op, and the peer holds it.
    const e2e = byId["routeros-change-one-e2e"];
    if (e2e.verdict !== "N/A") {
      const d = e2e.details as {
        full: { status: string };
        one: { status: string; ops: number };
        peerHoldsChange: boolean;
        floorWrote: boolean;
      };
      expect([d.full.status, d.one.status, d.one.ops, d.peerHoldsChange]).toEqual(["done", "done", 1, true]);
      // The floor client really made the change it times: the rule now carries its port.
      expect(d.floorWrote).toBe(true);
    }

    // The scale fleet: hanging routers down, every pushed router in sync after the sweeps, samples compacted.
    const scale = byId["health-scale"].details as {
      routers: number;
      hanging: number;
      pushed: number;
      sweeps: { states: Record<string, number>; drift: Record<string, number> }[];
    };
    expect(scale.routers).toBe(20);
    const last = scale.sweeps[scale.sweeps.length - 1];
    expect(last.states.down).toBe(scale.hanging);
    expect(last.drift["in-sync"]).toBe(scale.pushed);
    expect((byId["health-compaction"].details as { folded: number }).folded).toBeGreaterThan(0);
  }, 600_000);
});
