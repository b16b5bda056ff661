import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startDelayProxy, type DelayProxy } from "../bench/delay-proxy";
import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";
import { tcpRule } from "./router-setup";

// A backup downloaded from Settings while a push is on the wire, restored with the CLI into a new install, and
// served by a second Rampart: the admin signs in there and finds the routers, the rule set and the push.
let peers: RouterOsPeer[] = [];
let proxies: DelayProxy[] = [];
let second: ChildProcess | null = null;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-e2e-backup-"));

test.afterAll(async () => {
  if (second?.pid) process.kill(-second.pid, "SIGTERM");
  await Promise.all([...proxies.map((p) => p.close()), ...peers.map((p) => p.close())]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const rules = Array.from({ length: 150 }, (_, i) => tcpRule(`rbk${String(i).padStart(5, "0")}`, 10000 + i, `svc ${i}`));

async function freePort(): Promise<number> {
  const s = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

test.use({ viewport: { width: 1440, height: 900 } });

test("a backup taken while a push runs restores to a working dashboard", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(480_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const token = rampartCli(["token", "create", "--name", "e2e-backup", "--role", "admin"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

  // Two routers behind 250 ms of latency each way: 150 rules keep the push on the wire for seconds.
  peers = await Promise.all(
    [0, 1].map((i) => startRouterOsPeer({ users: { admin: "backup-pw" }, identity: `edge-backup-${i}` })),
  );
  proxies = await Promise.all(peers.map((p) => startDelayProxy({ targetPort: p.port, oneWayDelayMs: 250 })));
  const routerIds: string[] = [];
  for (const [i, proxy] of proxies.entries()) {
    const r = await api.post("/api/v1/routers", {
      data: {
        name: `edge-backup-${i}`,
        vendor: "mikrotik",
        host: "127.0.0.1",
        port: proxy.port,
        transport: "api",
        username: "admin",
        password: "backup-pw",
        site: "",
        tags: [],
        notes: "",
        tlsMode: "verify",
      },
    });
    expect(r.status()).toBe(201);
    routerIds.push((await r.json()).id);
  }
  const created = await api.post("/api/v1/rule-sets", {
    data: { source: "blank", name: "backup-e2e", content: { rules, addressLists: [] } },
  });
  expect(created.status()).toBe(201);
  const setId = (await created.json()).id as string;
  const previewIds: string[] = [];
  for (const routerId of routerIds) {
    expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(
      200,
    );
    const p = await api.post(`/api/v1/rule-sets/${setId}/previews`, { data: { routerId } });
    expect(p.status()).toBe(201);
    previewIds.push((await p.json()).id);
  }
  // Settings is open before the push starts: under load, rendering the page could outlast the push.
  await page.goto("/settings");
  await expect(page.getByText("Router secrets stay sealed in it")).toBeVisible();
  const pushed = await api.post(`/api/v1/rule-sets/${setId}/push`, { data: { routers: routerIds, previewIds } });
  expect(pushed.status()).toBe(202);
  const batchId = (await pushed.json()).batchId as string;

  // The admin downloads a backup from Settings while the push runs.
  expect((await (await api.get(`/api/v1/push-batches/${batchId}`)).json()).state).toBe("running");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download a backup" }).click(),
  ]);
  const backupFile = path.join(dir, download.suggestedFilename());
  await download.saveAs(backupFile);
  expect(download.suggestedFilename()).toMatch(/^rampart-backup-.*\.db$/);
  expect((await (await api.get(`/api/v1/push-batches/${batchId}`)).json()).state).toBe("running");
  await expect
    .poll(async () => (await (await api.get(`/api/v1/push-batches/${batchId}`)).json()).state, { timeout: 120_000 })
    .toBe("done");
  // The download is in the audit log with who took it.
  const audit = await (await api.get("/api/v1/audit?action=backup.create")).json();
  expect(audit.events[0]).toMatchObject({ action: "backup.create", actorLabel: ADMIN.username });

  // Restored into a new install (same credential key file as this server: the default data/credential.key).
  const restoredDb = path.join(dir, "restored", "rampart.db");
  rampartCli(["restore", backupFile], { DATABASE_URL: `file:${restoredDb}` });

  // A second server on the restored database.
  const port = await freePort();
  second = spawn("bash", ["scripts/start.sh"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${restoredDb}`,
      NEXT_TELEMETRY_DISABLED: "1",
      RAMPART_POLL_INTERVAL_S: "2",
      RAMPART_POLL_TIMEOUT_S: "2",
    },
    stdio: "ignore",
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${base}/api/v1/health`).catch(() => null))?.status ?? 0, { timeout: 120_000 })
    .toBe(200);

  // Cookies are per host, not per port: the first server's session would be sent here too (and the restored
  // database holds it). Sign in afresh, as an admin on a new machine would.
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.getByLabel("Username", { exact: true }).fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.username);
  // The push was in flight in the backup: the restored server's recovery reads both routers and records what they
  // hold, so no deployment stays "in progress" forever.
  await page.goto(`${base}/deployments`);
  for (const status of ["queued", "connecting", "applying", "verifying"]) {
    await expect(page.locator(`[data-testid="deployment-status"][data-status="${status}"]`)).toHaveCount(0, {
      timeout: 60_000,
    });
  }
  // The restored dashboard as an admin sees it on a desktop and on a phone: the rule set, both pushes, and the
  // routers reached with their restored passwords (health goes through the same credential key).
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.goto(`${base}/rule-sets/${setId}`);
    await expect(page.getByText("svc 0", { exact: true })).toBeVisible();
    await page.screenshot({ path: `test-results/backup/${width}-restored-rule-set.png` });
    await page.goto(`${base}/deployments`);
    const rows = page.getByTestId("deployment-row").filter({ hasText: "edge-backup" });
    await expect(rows).toHaveCount(2);
    for (const i of [0, 1]) await expect(rows.nth(i).getByTestId("deployment-status")).toBeVisible();
    await page.screenshot({ path: `test-results/backup/${width}-restored-deployments.png` });
    await page.goto(`${base}/health`);
    for (const i of [0, 1]) {
      await expect(page.getByTestId(`health-row-edge-backup-${i}`).locator("[data-state]").first()).toHaveAttribute(
        "data-state",
        /^(up|degraded)$/,
        { timeout: 60_000 },
      );
    }
    await page.screenshot({ path: `test-results/backup/${width}-restored-health.png` });
  }
});
