import { startRouterOsPeer } from "../tests/peers/routeros";
import { startWebhookReceiver } from "../tests/peers/webhook";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { addRouterOsRouter, adminApi } from "./router-setup";

/**
 * Alerts end to end: an admin adds a webhook to a real local receiver in Settings → Alerts, presses "Send test"
 * and sees the receiver's answer; a router then goes down (its RouterOS peer stops), the server's poller records
 * it, the outbox sends it signed, and the history page shows it delivered. The channel is routed to the router's
 * site. At 1440 and 390 px.
 */
for (const width of [1440, 390]) {
  test(`a webhook set up in Settings gets the test and the 'router down' alert, and the history shows it (${width} px)`, async ({
    guardedPage: page,
    playwright,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    const secret = `e2e-hook-secret-${width}`;
    const receiver = await startWebhookReceiver(secret);
    const peer = await startRouterOsPeer({ users: { admin: "alerts-e2e-pw" }, identity: `edge-alerts-${width}` });
    const api = await adminApi(playwright, baseURL, `e2e-alerts-${width}`);
    const routerName = `edge-alerts-${width}`;
    const channelName = `noc-hook-${width}`;
    try {
      const routerId = await addRouterOsRouter(api, {
        name: routerName,
        port: peer.port,
        password: "alerts-e2e-pw",
        site: "lab",
      });

      await signIn(page, ADMIN.username, ADMIN.password);
      await page.goto("/settings#alerts");
      const alerts = page.getByTestId("alert-channels");
      if (await alerts.getByRole("button", { name: "Add a channel" }).isVisible())
        await alerts.getByRole("button", { name: "Add a channel" }).click();
      const form = page.getByTestId("channel-form-new");
      await form.getByLabel("Name").fill(channelName);
      await form.getByLabel("URL").fill("ftp://not-a-webhook");
      await form.getByRole("button", { name: "Add channel" }).click();
      // Bad input: each problem at its field, nothing stored.
      await expect(form.getByText("must start with http:// or https://")).toBeVisible();
      await expect(form.getByLabel("URL")).toHaveAttribute("aria-invalid", "true");
      await page.screenshot({ path: testInfo.outputPath(`alerts-channel-errors-${width}.png`), fullPage: true });
      await form.getByLabel("URL").fill(receiver.url);
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect(form.getByText(/webhook needs a signing secret/).first()).toBeVisible();
      expect(
        ((await (await api.get("/api/v1/alerts/channels")).json()).channels as { name: string }[]).map((c) => c.name),
      ).not.toContain(channelName);

      await form.getByLabel("Signing secret").fill(secret);
      // Routed to the router's site: its alerts come here, other sites' do not.
      await form.getByLabel("Site lab").check();
      await form.getByRole("button", { name: "Add channel" }).click();
      const row = page.getByTestId(`channel-${channelName}`);
      await expect(row).toBeVisible();
      await expect(row.getByTestId(`channel-routing-${channelName}`)).toHaveText("Only site lab");
      await row.getByRole("button", { name: `Send test to ${channelName}` }).click();
      await expect(row.getByTestId(`test-result-${channelName}`)).toHaveText("Delivered: HTTP 200 OK");
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0].signatureValid).toBe(true);
      expect(JSON.parse(receiver.received[0].body)).toMatchObject({ test: true });
      await page.screenshot({ path: testInfo.outputPath(`alerts-settings-${width}.png`), fullPage: true });
      // The secret never comes back to the browser.
      expect(await page.content()).not.toContain(secret);

      // The poller (every 2 s in the e2e server) sees the router up, then down once its API stops.
      await expect
        .poll(
          async () =>
            (await (await api.get(`/api/v1/health/routers/${routerId}?range=hour`)).json()).router?.state ?? null,
          { timeout: 30_000 },
        )
        .toBe("up");
      await peer.close();
      const downs = () =>
        receiver.received.filter((r) => JSON.parse(r.body).type === "router-down" && JSON.parse(r.body).test === false);
      await expect.poll(() => downs().length, { timeout: 30_000 }).toBe(1);
      const hook = downs()[0];
      expect(hook.signatureValid).toBe(true);
      expect(JSON.parse(hook.body)).toMatchObject({
        router: { id: routerId, name: routerName, site: "lab" },
        test: false,
      });

      await page.goto("/alerts");
      const alert = page.getByTestId("alert-router-down").filter({ hasText: routerName, visible: true });
      await expect(alert).toHaveCount(1);
      await expect(alert.getByTestId(`delivery-${channelName}`)).toContainText("delivered");
      await expect(alert.getByTestId(`delivery-${channelName}`)).toContainText("HTTP 200");
      await page.screenshot({ path: testInfo.outputPath(`alerts-history-${width}.png`), fullPage: true });
      // Maintenance: the router page's "Mute alerts" leads to a mute of this router, listed until it ends.
      await page.goto(`/routers/${routerId}`);
      await page.getByRole("link", { name: "Mute alerts" }).click();
      await page.getByLabel("Reason").fill("replacing the PSU");
      await page.getByRole("button", { name: "Mute alerts" }).click();
      await expect(page.getByTestId("mute").filter({ hasText: `Router ${routerName}` })).toContainText(
        "replacing the PSU",
      );
      await page.screenshot({ path: testInfo.outputPath(`alerts-mutes-${width}.png`), fullPage: true });
      // Still down several polls later: still exactly one "down" alert.
      await page.waitForTimeout(5000);
      expect(downs()).toHaveLength(1);
    } finally {
      const channels = ((await (await api.get("/api/v1/alerts/channels")).json()).channels ?? []) as {
        id: string;
        name: string;
      }[];
      for (const c of channels.filter((c) => c.name === channelName))
        await api.delete(`/api/v1/alerts/channels/${c.id}`);
      await api.dispose();
      await peer.close();
      await receiver.close();
    }
  });
}
