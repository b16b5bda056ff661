import type { SqliteConnection } from "@/lib/db/sqlite-adapter";
import { decodeHits, encodeHits } from "../lib/hits/hit-codec";
import { startRouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { adminApi, routerOsRouterPushed, tcpRule } from "./router-setup";

// better-sqlite3 ships no types; the app's own interface for it names what is used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require("better-sqlite3") as new (file: string) => SqliteConnection & { close(): void };

/**
 * Issue #21.3 end to end: a pushed RouterOS router (its own rules and the fasttrack dummy row beside Rampart's),
 * its live firewall read on the router page with counters that rise after traffic, and the editor's hits per
 * rule with the "unused" badge once the router was watched long enough without a hit. At 1440 and 390 px.
 */
for (const width of [1440, 390]) {
  test(`router page lists the live firewall with counters; the editor shows hits and flags an unused rule (${width} px)`, async ({
    guardedPage: page,
    playwright,
    baseURL,
  }, testInfo) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    const peer = await startRouterOsPeer({
      users: { admin: "live-e2e-pw" },
      identity: `edge-live-${width}`,
      seed: { foreign: true, fasttrack: true },
    });
    try {
      await signIn(page, ADMIN.username, ADMIN.password);
      const api = await adminApi(playwright, baseURL, `e2e-live-${width}`);
      const webId = `rweblv${width}`;
      const sshId = `rsshlv${width}`;
      const { routerId, setId } = await routerOsRouterPushed(
        api,
        { name: `edge-live-${width}`, port: peer.port, password: "live-e2e-pw" },
        `live-e2e-${width}`,
        [tcpRule(webId, 443, "Web"), tcpRule(sshId, 22, "SSH from office")],
      );

      // The router page: read on demand, every row of the router in its order, marked, with counters.
      await page.goto(`/routers/${routerId}`);
      const card = page.getByTestId("live-firewall");
      await card.getByRole("button", { name: "Read live firewall" }).click();
      await expect(card.getByTestId("live-firewall-stamp")).toContainText(/Read at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
      const rows = card.getByTestId("live-rule");
      await expect(rows).toHaveCount(peer.rows("ip/firewall/filter").length + peer.rows("ipv6/firewall/filter").length);
      await expect(card.locator('[data-origin="dynamic"]')).not.toHaveCount(0);
      await expect(card.locator('[data-origin="foreign"]')).not.toHaveCount(0);
      const ssh = card.locator('[data-origin="rampart"]', { hasText: "#2 SSH from office" });
      await expect(ssh).toHaveCount(1);
      await expect(ssh.getByTestId("live-rule-packets")).toHaveText("0");

      // traffic through the router's SSH row, then a refresh shows it
      const sshRow = peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith(`rampart:${sshId}`))!;
      peer.countTraffic("ip/firewall/filter", sshRow[".id"], 1234, 98_765);
      await card.getByRole("button", { name: "Refresh" }).click();
      await expect(ssh.getByTestId("live-rule-packets")).toHaveText("1,234");
      await expect(ssh).toContainText("96.5 KiB");
      await ssh.scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`live-firewall-${width}.png`), fullPage: true });

      // The editor: SSH has hits; Web has none seen yet (watched for minutes only), so it is not called unused.
      await page.goto(`/rule-sets/${setId}`);
      const sshHits = page.getByRole("row").filter({ hasText: "SSH from office" }).getByTestId("rule-hits");
      const webHits = page.getByRole("row").filter({ hasText: "Web" }).getByTestId("rule-hits");
      await expect(sshHits).toHaveText("1,234 hits");
      await expect(sshHits).toHaveAttribute("title", /1 of 1 router reported/);
      await expect(webHits).toHaveText("no hits seen");

      // The router was first read 40 days ago (the record's first read moved back, as a long-running install
      // would have it); a refresh reads it again: Web's counter never rose, so it is unused since that first read.
      const firstSeen = new Date(Date.now() - 40 * 86_400_000);
      const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""));
      const [record] = db.prepare(`SELECT "rules" FROM "RouterHits" WHERE "routerId" = ?`).all(routerId) as {
        rules: Uint8Array;
      }[];
      const rules = decodeHits(record.rules)!;
      for (const r of rules.values()) r.firstSeenAt = firstSeen;
      db.prepare(`UPDATE "RouterHits" SET "rules" = ? WHERE "routerId" = ?`).run(
        Buffer.from(encodeHits(rules)),
        routerId,
      );
      db.close();
      await page.getByRole("button", { name: "Refresh hits" }).click();
      await expect(webHits).toHaveText(`unused since ${firstSeen.toISOString().slice(0, 10)}`);
      await expect(webHits).toHaveAttribute("data-state", "unused");
      await expect(sshHits).toHaveText("1,234 hits");
      await expect(page.getByTestId("hits-strip")).toContainText("1 unused rule");
      await page.screenshot({ path: testInfo.outputPath(`editor-hits-${width}.png`), fullPage: true });
    } finally {
      await peer.close();
    }
  });
}
