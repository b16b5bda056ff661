import { addRouterOsRouter, adminApi, routerOsPeerForFile } from "./router-setup";
import { ADMIN, expect, signIn, test } from "./fixtures";

// Issue #20 item 5: a newcomer picks "block all incoming except a trusted address", fills the management address
// from the router with one click, reads what the template blocks, and the first push goes through: no detour to
// other pages, the lockout guard satisfied, everything else still dropped. At 1440 and 390 px.
const edge = routerOsPeerForFile({ users: { admin: "tpl-e2e-pw" } });

for (const width of [1440, 390]) {
  test(`template at ${width} px: management address from the router, summary in words, first push done`, async ({
    guardedPage: page,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, ADMIN.username, ADMIN.password);
    const api = await adminApi(playwright, baseURL, `e2e-template-${width}`);
    const routerId = await addRouterOsRouter(api, {
      name: `tpl-edge-${width}`,
      port: edge.peer.port,
      password: "tpl-e2e-pw",
    });

    await page.goto("/rule-sets/new");
    await page.getByRole("radio", { name: /Block all incoming traffic except from a trusted address/ }).check();
    await page.getByLabel("Name", { exact: true }).fill(`first-push-${width}`);
    await page.getByLabel("Trusted addresses").fill("192.0.2.10");
    await page.getByLabel("Fill with the address this router sees Rampart connect from:").selectOption(routerId);
    await page.getByRole("button", { name: "Fill from router" }).click();
    // The router sees Rampart on loopback here: that is the address the management rule must accept.
    await expect(page.getByLabel("Management address or network")).toHaveValue("127.0.0.1");
    const summary = page.getByTestId("template-summary");
    await expect(summary).toContainText("127.0.0.1");
    await expect(summary).toContainText("192.0.2.10");
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/template-${width}.png`, fullPage: true });
    await page.getByRole("button", { name: "Create rule set" }).click();
    await page.waitForURL((url) => /^\/rule-sets\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
    const setId = new URL(page.url()).pathname.split("/").pop()!;

    expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(
      200,
    );
    await page.goto(`/rule-sets/${setId}/push`);
    await page.getByRole("button", { name: "Preview 1 router" }).click();
    const row = page.getByTestId("push-router").filter({ hasText: `tpl-edge-${width}` });
    await row.getByRole("button", { name: "Show preview" }).click();
    await expect(row.getByTestId("preview-detail")).toContainText("stays open");
    await page.getByTestId("push-button").click();
    await expect(page.getByTestId("batch-row").filter({ hasText: `tpl-edge-${width}` })).toHaveAttribute(
      "data-status",
      "done",
      { timeout: 30_000 },
    );

    // The router holds the template: management accepted, the rest dropped.
    const rows = edge.peer.rows("ip/firewall/filter");
    expect(rows.some((r) => r["src-address-list"] === "management" && r.action === "accept")).toBe(true);
    expect(rows.at(-1)).toMatchObject({ chain: "input", action: "drop" });
    expect(edge.peer.rows("ip/firewall/address-list").map((e) => [e.list, e.address])).toEqual(
      expect.arrayContaining([
        ["management", "127.0.0.1"],
        ["trusted", "192.0.2.10"],
      ]),
    );
    await api.dispose();
  });
}
