import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

let peer: RouterOsPeer;

test.beforeAll(async () => {
  peer = await startRouterOsPeer({
    users: { admin: "push-e2e-pw" },
    identity: "edge-push",
    seed: { foreign: true, fasttrack: true },
  });
});

test.afterAll(async () => {
  await peer?.close();
});

const rule = (id: string, port: number, comment: string) => ({
  id,
  chain: "input",
  action: "accept",
  family: "ipv4",
  protocol: "tcp",
  src: { kind: "any" },
  dst: { kind: "any" },
  srcPorts: [],
  dstPorts: [{ from: port, to: port }],
  inInterface: null,
  outInterface: null,
  states: [],
  log: false,
  logPrefix: "",
  comment,
  enabled: true,
});

test("edit a rule, preview shows it, push, progress reaches done, deployments list it, the router holds it", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const token = rampartCli(["token", "create", "--name", "e2e-push", "--role", "admin"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

  const router = await api.post("/api/v1/routers", {
    data: {
      name: "edge-push",
      vendor: "mikrotik",
      host: "127.0.0.1",
      port: peer.port,
      transport: "api",
      username: "admin",
      password: "push-e2e-pw",
      site: "",
      tags: [],
      notes: "",
      tlsMode: "verify",
    },
  });
  expect(router.status()).toBe(201);
  const routerId = (await router.json()).id as string;
  const created = await api.post("/api/v1/rule-sets", {
    data: { source: "blank", name: "push-e2e", content: { rules: [rule("rsshpush01", 22, "ssh")], addressLists: [] } },
  });
  expect(created.status()).toBe(201);
  const setId = (await created.json()).id as string;
  expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(200);

  // Revision 1 goes out through the API: preview, then push exactly that preview.
  const p1 = await api.post(`/api/v1/rule-sets/${setId}/previews`, { data: { routerId } });
  expect(p1.status()).toBe(201);
  const pushed = await api.post(`/api/v1/rule-sets/${setId}/push`, {
    data: { routers: [routerId], previewIds: [(await p1.json()).id] },
  });
  expect(pushed.status()).toBe(202);
  const batchId = (await pushed.json()).batchId as string;
  await expect
    .poll(async () => (await (await api.get(`/api/v1/push-batches/${batchId}`)).json()).state, { timeout: 20_000 })
    .toBe("done");
  expect(peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rsshpush01"))?.["dst-port"]).toBe(
    "22",
  );

  // Edit the rule (API), then the UI: preview shows the port change, push, live progress to done.
  const put = await api.put(`/api/v1/rule-sets/${setId}`, {
    data: {
      baseRevision: 1,
      name: "push-e2e",
      description: "",
      content: { rules: [rule("rsshpush01", 2222, "ssh")], addressLists: [] },
      message: "ssh on 2222",
    },
  });
  expect(put.status()).toBe(200);

  await page.goto(`/rule-sets/${setId}/push`);
  await expect(page.getByLabel("Revision")).toHaveValue("2");
  await page.getByRole("button", { name: "Preview 1 router" }).click();
  const row = page.getByTestId("push-router").filter({ hasText: "edge-push" });
  await row.getByRole("button", { name: "Show preview" }).click();
  const plan = row.getByTestId("plan-view");
  await expect(plan).toContainText("dst-port");
  await expect(plan).toContainText("2222");
  // The router's default "drop all not coming from LAN" matches on an interface list the rule model does not
  // hold: the path is unknown and the preview says which row and why, instead of "stays open".
  await expect(row.getByTestId("lockout-undecided")).toContainText("defconf: drop all not coming from LAN");
  await expect(row.getByTestId("preview-detail")).not.toContainText("stays open");
  await expect(row.getByTestId("resulting-chain")).toContainText("Cannot be evaluated");
  await page.getByTestId("push-button").click();
  await expect(page.getByTestId("batch-row").filter({ hasText: "edge-push" })).toHaveAttribute("data-status", "done", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("batch-progress")).toHaveAttribute("data-state", "done");
  // The page around the progress follows without a reload.
  await expect(row).toContainText("has #2");

  // The router holds the new rule (read from the peer); foreign rules are still there.
  expect(peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rsshpush01"))?.["dst-port"]).toBe(
    "2222",
  );
  expect(peer.rows("ip/firewall/filter").some((r) => r.comment === "defconf: drop all not coming from LAN")).toBe(true);
  expect(peer.rows("system/scheduler")).toEqual([]);

  // Deployments page lists both pushes, newest first, done; the detail shows the confirmed steps.
  await page.goto("/deployments");
  const rows = page.getByTestId("deployment-row").filter({ hasText: "edge-push" });
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId("deployment-status")).toHaveAttribute("data-status", "done");
  await expect(rows.first()).toContainText("#2");
  await rows.first().getByRole("link").first().click();
  await expect(page.getByTestId("deployment-steps")).toContainText("revert timer disarmed");
  await expect(page.getByTestId("plan-view")).toContainText("2222");

  // The router page shows the assignment and the last pushed revision.
  await page.goto(`/routers/${routerId}`);
  await expect(page.getByTestId("last-pushed")).toHaveText("last pushed #2 of #2");
});

test("a large plan: the preview shows its summary and pages in the rest on demand", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const big = await startRouterOsPeer({ users: { admin: "push-e2e-pw" }, identity: "edge-big" });
  try {
    await signIn(page, ADMIN.username, ADMIN.password);
    const token = rampartCli(["token", "create", "--name", "e2e-push-big", "--role", "admin"]);
    const api = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
    });
    const router = await api.post("/api/v1/routers", {
      data: {
        name: "edge-big",
        vendor: "mikrotik",
        host: "127.0.0.1",
        port: big.port,
        transport: "api",
        username: "admin",
        password: "push-e2e-pw",
        site: "",
        tags: [],
        notes: "",
        tlsMode: "verify",
      },
    });
    const routerId = (await router.json()).id as string;
    const rules = Array.from({ length: 45 }, (_, i) => rule(`rbig${String(i).padStart(6, "0")}`, 3000 + i, `big ${i}`));
    const created = await api.post("/api/v1/rule-sets", {
      data: { source: "blank", name: "push-e2e-big", content: { rules, addressLists: [] } },
    });
    const setId = (await created.json()).id as string;
    expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(
      200,
    );

    await page.goto(`/rule-sets/${setId}/push`);
    await page.getByRole("button", { name: "Preview 1 router" }).click();
    const row = page.getByTestId("push-router").filter({ hasText: "edge-big" });
    await row.getByRole("button", { name: "Show preview" }).click();
    const plan = row.getByTestId("plan-view");
    await expect(plan.getByTestId("plan-counts")).toContainText("+45 added");
    // The summary holds the first 20 changes; the rest come from the plans API when asked for.
    await expect(plan.locator("[data-change=add]")).toHaveCount(20);
    await plan.getByTestId("plan-more-changes").click();
    await expect(plan.locator("[data-change=add]")).toHaveCount(45);
    await expect(plan.locator("[data-change=add]").last()).toContainText("3044");
    await expect(plan.getByTestId("plan-more-changes")).toHaveCount(0);
    await plan.getByText(/Exact operations sent to the router/).click();
    await plan.getByTestId("plan-more-writes").click();
    await expect(plan.getByTestId("plan-ops")).toContainText("3044");
  } finally {
    await big.close();
  }
});
