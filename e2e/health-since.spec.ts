import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { addRouterOsRouter, adminApi } from "./router-setup";

/**
 * Issue #21 item 2, as a user checks it: a router that goes down shows "down since" the poll that saw it, its
 * uptime drops below 100 %, its old figures turn grey, and the router page lists the state changes (not every
 * poll). The server polls every 2 s (playwright.config.ts); the peer is a real RouterOS API server, stopped and
 * started again on its port.
 */
const PASSWORD = "since-pw-123";
const SHOTS = process.env.E2E_SHOTS_DIR;

for (const [label, viewport] of [
  ["1440", { width: 1440, height: 900 }],
  ["390", { width: 390, height: 844 }],
] as const) {
  test.describe(`health since when and how often at ${label} px`, () => {
    let peer: RouterOsPeer | undefined;
    test.use({ viewport });
    test.afterAll(async () => {
      await peer?.close();
    });

    test("down since, uptime, grey stale figures and the state changes", async ({
      guardedPage: page,
      playwright,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      peer = await startRouterOsPeer({ users: { admin: PASSWORD }, identity: `since-${label}` });
      const port = peer.port;
      const name = `since-${label}`;
      const api = await adminApi(playwright, baseURL, `e2e-since-${label}`);
      const id = await addRouterOsRouter(api, { name, port, password: PASSWORD });

      await signIn(page, ADMIN.username, ADMIN.password);
      await page.goto("/health");
      const row = page.getByTestId(`health-row-${name}`);
      await expect(row.locator("[data-state]").first()).toHaveText("up", { timeout: 20_000 });
      await expect(row.getByTestId("state-since")).toContainText("up since");
      await expect(row.getByTestId("uptime-24h")).toHaveText("100.00 %");
      await expect(row.getByTestId("uptime-30d")).toHaveText("100.00 %");
      await expect(row).not.toHaveAttribute("data-stale", "true");

      await peer.close();
      peer = undefined;
      await expect(row.locator("[data-state]").first()).toHaveText("down", { timeout: 20_000 });
      await expect(row.getByTestId("state-since")).toContainText("down since");
      // The API says the same instant the page shows, and it is the instant of the poll that saw it down.
      const health = (await (await api.get(`/api/v1/health/routers/${id}`)).json()) as {
        router: { stateSince: string; uptime24h: number; stale: boolean };
        changes: { at: string; fromState: string; toState: string }[];
      };
      expect(health.changes[0]).toMatchObject({ fromState: "up", toState: "down", at: health.router.stateSince });
      expect(health.router.uptime24h).toBeLessThan(1);
      await expect(row.getByTestId("uptime-24h")).not.toHaveText("100.00 %");
      // Three intervals (6 s) without an answer: the version and latency it showed are old, and look it.
      await expect(row).toHaveAttribute("data-stale", "true", { timeout: 20_000 });
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/health-list-down-${label}.png`, fullPage: true });

      peer = await startRouterOsPeer({ users: { admin: PASSWORD }, identity: name, port });
      await expect(row.locator("[data-state]").first()).toHaveText("up", { timeout: 20_000 });
      await expect(row).not.toHaveAttribute("data-stale", "true");

      await page.goto(`/routers/${id}`);
      const changes = page.getByTestId("state-changes").locator("tbody tr");
      // Many polls, three changes: unknown → up, up → down, down → up (newest first).
      await expect(changes).toHaveCount(3);
      await expect(changes.nth(0)).toContainText("down → up");
      await expect(changes.nth(1)).toContainText("up → down");
      // Refused when the peer was already gone; dropped when a poll was mid-exchange as it closed.
      await expect(changes.nth(1)).toContainText(/Connection refused|Connection dropped/);
      await expect(changes.nth(2)).toContainText("unknown → up");
      await expect(page.getByTestId("router-health")).toContainText("up since");
      // The changes table scrolls in its card; the page itself never scrolls sideways (a phone at 390 px).
      const widths = await page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth]);
      expect(widths[0], "the page scrolls sideways").toBeLessThanOrEqual(widths[1]);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/router-health-${label}.png`, fullPage: true });
    });
  });
}
