import { ADMIN, expect, signIn, test } from "./fixtures";
import { addRouterOsRouter, adminApi, routerOsPeerForFile, routerOsRouterPushed, tcpRule } from "./router-setup";

const edge = routerOsPeerForFile({
  users: { admin: "drift-e2e-pw" },
  identity: "edge-drift",
  seed: { foreign: true, fasttrack: true },
});

test("a hand edit on the router shows as drift with the exact field, and adopting it makes a new revision in sync", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const api = await adminApi(playwright, baseURL, "e2e-drift");
  const { routerId, setId } = await routerOsRouterPushed(
    api,
    { name: "edge-drift", port: edge.peer.port, password: "drift-e2e-pw" },
    "drift-e2e",
    [tcpRule("rsshdrift1", 22, "ssh")],
  );
  expect((await (await api.post(`/api/v1/routers/${routerId}/drift/check`)).json()).state).toBe("in-sync");

  // An emergency edit in WinBox: the ssh rule now listens on 2222, Rampart not involved.
  // (The peer's own table is the router's state; the app only sees it through the API.)
  const row = edge.peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rsshdrift1"))!;
  row["dst-port"] = "2222";

  // The health view's "Check now" polls the router: drifted, and the router page says exactly what differs.
  await page.goto(`/routers/${routerId}`);
  await page.getByRole("button", { name: "Check now" }).click();
  const card = page.locator("#drift");
  await expect
    .poll(
      async () => {
        await page.reload();
        return card.getByTestId("drift-badge").getAttribute("data-state");
      },
      { timeout: 20_000 },
    )
    .toBe("drifted");
  const field = card.getByTestId("drift-differences").locator('[data-field="dst-port"]');
  await expect(field).toContainText("2222");
  await expect(field).toContainText("22");
  await expect(card.getByTestId("three-way-live")).toContainText("2222");
  await expect(card.getByTestId("three-way-pushed")).toContainText("port 22");

  // Overwrite opens the push page for this router alone
  await card.getByRole("link", { name: "Overwrite (push)…" }).click();
  await expect(page).toHaveURL(new RegExp(`/rule-sets/${setId}/push\\?router=${routerId}$`));
  await expect(
    page.locator('[data-testid="push-router"][data-router="edge-drift"]').getByRole("checkbox"),
  ).toBeChecked();

  await page.goto("/health");
  await expect(page.getByTestId("health-row-edge-drift").getByTestId("drift-badge")).toHaveAttribute(
    "data-state",
    "drifted",
  );
  await page.goto(`/rule-sets/${setId}`);
  await expect(page.getByTestId("drift-banner")).toContainText("edge-drift");

  // Adopt: the live rule becomes revision 2, and the router is in sync with it.
  await page.goto(`/routers/${routerId}`);
  // (the confirm dialog is accepted by the guarded page; the card re-renders in sync, the Adopt button gone)
  await card.getByRole("button", { name: "Adopt live rules" }).click();
  await expect(card.getByTestId("drift-badge")).toHaveAttribute("data-state", "in-sync", { timeout: 20_000 });
  await expect(card.getByRole("button", { name: "Adopt live rules" })).toHaveCount(0);
  await expect(card).toContainText("revision 2");

  const rev = await (await api.get(`/api/v1/rule-sets/${setId}/revisions/2`)).json();
  expect(rev.message).toBe("Adopted from router edge-drift by admin".replace("admin", ADMIN.username));
  expect(rev.content.rules[0].dstPorts).toEqual([{ from: 2222, to: 2222 }]);
  const d = await (await api.get(`/api/v1/routers/${routerId}/drift`)).json();
  expect(d).toMatchObject({ state: "in-sync", lastPushed: { number: 2 } });

  // The same rule set as a RouterOS script download.
  const rsc = await api.get(`/api/v1/rule-sets/${setId}/export-text?vendor=mikrotik`);
  expect(rsc.headers()["content-disposition"]).toContain(".r2.rsc");
  expect(await rsc.text()).toContain("dst-port=2222");
});

test("Import from router with take ownership leads to the push page with that router already selected", async ({
  guardedPage: page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const routerId = await addRouterOsRouter(page.request, {
    name: "edge-own",
    port: edge.peer.port,
    password: "drift-e2e-pw",
  });

  await page.goto(`/routers/${routerId}`);
  await page.getByLabel("New rule set name").fill("owned-e2e");
  await page.getByLabel(/Take ownership/).check();
  await page.getByRole("button", { name: "Import from router" }).click();
  const result = page.getByTestId("import-result");
  await result.getByRole("link", { name: "Preview the push to edge-own" }).click();
  await expect(page).toHaveURL(new RegExp(`/push\\?router=${routerId}$`));
  await expect(page.getByRole("heading", { name: "Push owned-e2e" })).toBeVisible();
  await expect(page.locator('[data-testid="push-router"][data-router="edge-own"]').getByRole("checkbox")).toBeChecked();
  await expect(page.getByRole("button", { name: "Preview 1 router" })).toBeEnabled();

  // the preview re-tags the router's own rules in place: take-overs, no copies added
  await page.getByRole("button", { name: "Preview 1 router" }).click();
  const row = page.locator('[data-testid="push-router"][data-router="edge-own"]');
  await row.getByRole("button", { name: "Show preview" }).click();
  const plan = row.getByTestId("plan-view");
  await expect(plan.getByTestId("plan-takeover")).toContainText(/taken over in place/);
  await expect(
    plan
      .locator('[data-change="change"]')
      .filter({ hasText: /^change\s*take ownership of ip \w+ rule \*\w+/ })
      .first(),
  ).toBeVisible();
  await expect(plan.locator('[data-change="add"]')).toHaveCount(0);
});
