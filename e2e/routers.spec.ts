import net from "node:net";
import { startOpenWrtPeer } from "../tests/peers/openwrt/start-openwrt-peer";
import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

// Quotes, shell and API metacharacters: the password must reach the peer byte for byte and appear nowhere else.
const PASSWORD = `S3cr'et"$(reboot);=pw`;
let peer: RouterOsPeer;
let deadPort: number;

test.beforeAll(async () => {
  peer = await startRouterOsPeer({ users: { admin: PASSWORD }, identity: "edge-1", version: "7.18.2 (stable)" });
  // A port that was just free and is now closed: connections to it are refused.
  const probe = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => probe.once("listening", r));
  deadPort = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
});

test.afterAll(async () => {
  await peer?.close();
});

test("add a router through the form, test its connection, and watch it on the health page next to a dead one", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/routers/new");

  // Bad input first: messages at the fields.
  await page.getByLabel("Name", { exact: true }).fill("edge-1");
  await page.getByLabel("Host", { exact: true }).fill("10.0.0.300");
  await page.getByLabel("Port", { exact: true }).fill("70000");
  await page.getByRole("button", { name: "Add router" }).click();
  await expect(page.locator('[data-field-error="host"]')).toHaveText("10.0.0.300 is not an IPv4 address");
  await expect(page.locator('[data-field-error="port"]')).toHaveText("port must be 1-65535");

  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(peer.port));
  await page.getByLabel("Username", { exact: true }).fill("admin");
  await page.getByLabel("Password", { exact: true }).fill("wrong-password");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toContainText("Authentication failed");

  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("test-result")).toContainText("Connected in");
  await expect(page.getByTestId("test-result")).toContainText("7.18.2");

  await page.getByLabel("Site", { exact: true }).fill("campus-north");
  await page.getByRole("button", { name: "Add router" }).click();
  await expect(page.getByRole("heading", { name: "edge-1" })).toBeVisible();
  const routerUrl = page.url();

  // A second router whose port refuses connections, added through the API.
  const token = rampartCli(["token", "create", "--name", "e2e-routers", "--role", "admin"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const created = await api.post("/api/v1/routers", {
    data: {
      name: "dead-1",
      vendor: "mikrotik",
      host: "127.0.0.1",
      port: deadPort,
      transport: "api",
      username: "admin",
      password: PASSWORD,
      site: "campus-south",
    },
  });
  expect(created.status()).toBe(201);

  await page.goto("/health");
  await expect(page.getByTestId("health-row-edge-1").locator("[data-state]").first()).toHaveText("up", {
    timeout: 20_000,
  });
  await expect(page.getByTestId("health-row-edge-1")).toContainText("7.18.2");
  await expect(page.getByTestId("health-row-dead-1").locator("[data-state]").first()).toHaveText("down", {
    timeout: 20_000,
  });
  await expect(page.getByTestId("health-row-dead-1").getByTestId("last-error")).toContainText("Connection refused");

  // Filter by status.
  await page.getByLabel("Filter by status").selectOption("down");
  await expect(page.getByTestId("health-row-edge-1")).toHaveCount(0);
  await expect(page.getByTestId("health-row-dead-1")).toBeVisible();

  // The router page shows its health with a latency chart.
  await page.goto(routerUrl);
  await expect(page.getByTestId("router-health")).toContainText("7.18.2");
  await expect(page.getByTestId("latency-chart")).toBeVisible();

  // The password never appears in any page or API response.
  const id = routerUrl.split("/").pop()!;
  for (const path of ["/routers", routerUrl, `/routers/${id}/edit`, "/health"]) {
    await page.goto(path);
    expect(await page.content(), path).not.toContain(PASSWORD);
  }
  for (const path of [
    "/api/v1/routers",
    `/api/v1/routers/${id}`,
    "/api/v1/health/routers",
    `/api/v1/health/routers/${id}`,
  ]) {
    const body = await (await api.get(path)).text();
    expect(body, path).not.toContain(PASSWORD);
    expect(body, path).not.toContain("S3cr");
  }
  const tested = await api.post(`/api/v1/routers/${id}/test`);
  expect(await tested.json()).toMatchObject({ ok: true, version: "7.18.2 (stable)" });
  await api.dispose();
});

test("an OpenWrt router's SSH host key is shown, pinned on save, and a changed key is refused with a warning", async ({
  guardedPage: page,
}) => {
  const owrt = await startOpenWrtPeer({ seed: "stock" });
  try {
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto("/routers/new");
    await page.getByLabel("Name", { exact: true }).fill("branch-owrt");
    await page.getByLabel("Vendor").selectOption("openwrt");
    await page.getByLabel("Host", { exact: true }).fill(owrt.host);
    await expect(page.getByLabel("Port", { exact: true })).toHaveValue("22");
    await page.getByLabel("Port", { exact: true }).fill(String(owrt.port));
    await page.getByLabel("Username", { exact: true }).fill(owrt.username);
    await page.getByLabel("Password", { exact: true }).fill(owrt.password);
    await page.getByRole("button", { name: "Test connection" }).click();
    await expect(page.getByTestId("test-result")).toContainText("Connected in");
    await expect(page.getByTestId("test-result")).toContainText(
      `SSH host key ${owrt.hostKeyFingerprint} — pinned when you save`,
    );
    await page.getByRole("button", { name: "Add router" }).click();
    await expect(page.getByRole("heading", { name: "branch-owrt" })).toBeVisible();
    await expect(page.getByText(owrt.hostKeyFingerprint)).toBeVisible();

    // Someone replaces the router (or sits in the middle): the key no longer matches and nothing is sent.
    await owrt.rotateHostKey();
    await page.getByRole("button", { name: "Check now" }).click();
    await expect(page.getByTestId("router-last-error")).toContainText("SSH host key changed", { timeout: 15_000 });
    await expect(page.getByTestId("router-health").locator("[data-state]").first()).toHaveText("down");
  } finally {
    await owrt.close();
  }
});
