import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { addRouterOsRouter } from "../support/routeros-router-row";
import { tempDirForFile } from "../support/temp-dir";
import { migrateDatabase } from "../support/temp-database";

const dir = tempDirForFile("rampart-health");
process.env.DATABASE_URL = `file:${path.join(dir, "h.db")}`;
process.env.RAMPART_CREDENTIAL_KEY_FILE = path.join(dir, "credential.key");

const peers: RouterOsPeer[] = [];
let refusedPort = 0;

const addRouter = (name: string, port: number, password = "pw") => addRouterOsRouter(name, port, { password });

describe("health sweep", () => {
  beforeAll(async () => {
    migrateDatabase();
    for (let i = 0; i < 3; i++)
      peers.push(
        await startRouterOsPeer({
          users: { admin: "pw" },
          version: i === 2 ? "6.49.19 (long-term)" : "7.18.2 (stable)",
        }),
      );
    peers[1].faults.silent = true;
    const probe = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => probe.once("listening", r));
    refusedPort = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
  });

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
  });

  it("records each router's state in plain words; a hanging router costs only its own timeout", async () => {
    const { sweepAll } = await import("@/lib/health/sweep");
    const { db } = await import("@/lib/db/client");
    const ok = await addRouter("ok", peers[0].port);
    const hung = await addRouter("hung", peers[1].port);
    const old = await addRouter("old", peers[2].port);
    const refused = await addRouter("refused", refusedPort);
    const badAuth = await addRouter("bad-auth", peers[0].port, "wrong");

    const started = Date.now();
    await sweepAll({ concurrency: 8, timeoutMs: 1500 });
    const status = Object.fromEntries((await db.routerStatus.findMany()).map((s) => [s.routerId, s]));

    expect(status[ok]).toMatchObject({ state: "up", version: "7.18.2 (stable)", lastError: null });
    expect(status[ok].latencyMs).toBeGreaterThanOrEqual(0);
    expect(status[old]).toMatchObject({ state: "up", version: "6.49.19 (long-term)" });
    expect(status[hung].state).toBe("down");
    expect(status[hung].lastError).toMatch(
      /^No answer: 127\.0\.0\.1:\d+ accepted the connection but did not answer the login within 1\.5 s$/,
    );
    expect(status[refused]).toMatchObject({ state: "down" });
    expect(status[refused].lastError).toMatch(/^Connection refused/);
    expect(status[badAuth]).toMatchObject({ state: "auth-failed" });
    expect(status[badAuth].lastError).toMatch(/^Authentication failed/);
    expect(JSON.stringify(status)).not.toContain("wrong");

    // The good router was answered while the hung one was still waiting for its timeout.
    const okSample = await db.healthSample.findFirstOrThrow({ where: { routerId: ok } });
    const hungSample = await db.healthSample.findFirstOrThrow({ where: { routerId: hung } });
    expect(okSample.at.getTime()).toBeLessThan(started + 1500);
    expect(hungSample.at.getTime()).toBeGreaterThanOrEqual(started + 1400);
  });

  it("two polls of one router at once (the sweep and Check now) record its change once, with one alert", async () => {
    const { pollRouter } = await import("@/lib/health/sweep");
    const { db } = await import("@/lib/db/client");
    const peer = await startRouterOsPeer({ users: { admin: "pw" } });
    peers.push(peer);
    const id = await addRouter("twice", peer.port);
    const poll = () => pollRouter(id, { concurrency: 1, timeoutMs: 1500 });
    await poll();
    expect((await db.routerStatus.findUnique({ where: { routerId: id } }))!.state).toBe("up");
    peer.faults.closeAtLogin = "rst";
    for (let round = 0; round < 3; round++) {
      await Promise.all([poll(), poll(), poll()]);
      const changes = await db.routerStateChange.findMany({ where: { routerId: id }, orderBy: { at: "asc" } });
      expect(changes.map((c) => `${c.fromState}→${c.toState}`)).toEqual(["unknown→up", "up→down"]);
      expect(await db.alertEvent.count({ where: { routerId: id, type: "router-down" } })).toBe(1);
      expect((await db.routerStatus.findUnique({ where: { routerId: id } }))!.state).toBe("down");
    }
  });

  it("folds samples older than the raw window into 5-minute buckets and deletes them", async () => {
    const { db } = await import("@/lib/db/client");
    const { compactHealthSamples, RAW_RETENTION_MS } = await import("@/lib/health/retention");
    const routerId = (await db.router.findFirstOrThrow({ where: { name: "ok" } })).id;
    const base = Date.UTC(2026, 0, 1, 10, 0, 0);
    for (let i = 0; i < 10; i++) {
      await db.healthSample.create({
        data: {
          routerId,
          at: new Date(base + i * 30_000),
          state: i === 3 ? "down" : "up",
          latencyMs: i === 3 ? null : 10 + i,
        },
      });
    }
    const r = await compactHealthSamples(base + RAW_RETENTION_MS + 600_000);
    expect(r.folded).toBe(10);
    const rollups = await db.healthRollup.findMany({ where: { routerId }, orderBy: { bucketStart: "asc" } });
    expect(rollups.map((x) => [x.samples, x.upSamples, x.maxLatencyMs])).toEqual([[10, 9, 19]]);
    expect(rollups[0].avgLatencyMs).toBeCloseTo((10 + 11 + 12 + 14 + 15 + 16 + 17 + 18 + 19) / 9, 5);
    expect(await db.healthSample.count({ where: { routerId, at: { lt: new Date(base + 3600_000) } } })).toBe(0);
  });

  it("a bucket folded in two runs holds what one run would have written", async () => {
    const { db } = await import("@/lib/db/client");
    const { compactHealthSamples, RAW_RETENTION_MS } = await import("@/lib/health/retention");
    const routerId = (await db.router.findFirstOrThrow({ where: { name: "ok" } })).id;
    const base = Date.UTC(2026, 0, 2, 10, 0, 0);
    await db.healthSample.createMany({
      data: Array.from({ length: 10 }, (_, i) => ({
        routerId,
        at: new Date(base + i * 30_000),
        state: i === 3 ? "down" : i === 8 ? "degraded" : "up",
        latencyMs: i === 3 ? null : 10 + i,
      })),
    });
    // The first run's cutoff falls inside the bucket: samples 0-4 are folded, 5-9 wait for the next run.
    expect((await compactHealthSamples(base + 150_000 + RAW_RETENTION_MS)).folded).toBe(5);
    expect((await compactHealthSamples(base + 600_000 + RAW_RETENTION_MS)).folded).toBe(5);
    const rollups = await db.healthRollup.findMany({ where: { routerId, bucketStart: new Date(base) } });
    expect(rollups.map((x) => [x.samples, x.upSamples, x.maxLatencyMs])).toEqual([[10, 9, 19]]);
    expect(rollups[0].avgLatencyMs).toBeCloseTo((10 + 11 + 12 + 14 + 15 + 16 + 17 + 18 + 19) / 9, 5);
  });
});
