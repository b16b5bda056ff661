import type { APIRequestContext, Page } from "@playwright/test";
import { ruleDefaults } from "../lib/rules/make-rule";
import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { addRouterOsRouter, adminApi } from "./router-setup";

// Issue #21 item 7, the rough edges a user saw, each checked the way that user would, at a phone width (390 px)
// and a desktop width (1440 px). Screenshots land in test-results/rough-edges/ for a person to look at.

let peer: RouterOsPeer;
let api: APIRequestContext;

test.beforeAll(async ({ playwright, baseURL }) => {
  peer = await startRouterOsPeer({ users: { admin: "rough-e2e-pw" }, identity: "edge-rough" });
  api = await adminApi(playwright, baseURL, "e2e-rough-edges");
});
test.afterAll(async () => {
  await peer?.close();
});

const rule = (i: number, o: { prefix: string; action?: string; port?: number | null; comment: string }) => ({
  ...ruleDefaults(),
  id: `${o.prefix}${String(i).padStart(4, "0")}`,
  action: o.action ?? "accept",
  family: "ipv4",
  protocol: o.port === null ? "any" : "tcp",
  dstPorts: o.port ? [{ from: o.port, to: o.port }] : [],
  comment: o.comment,
});

async function createSet(name: string, rules: ReturnType<typeof rule>[]) {
  const created = await api.post("/api/v1/rule-sets", {
    data: { source: "blank", name, content: { rules, addressLists: [] } },
  });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

/** The row's whole height is on screen (a phone's row is wider than the screen: the grid scrolls sideways). */
async function onScreen(page: Page, locator: ReturnType<Page["locator"]>) {
  await expect
    .poll(async () => {
      const box = await locator.boundingBox();
      return !!box && box.y >= 0 && box.y + box.height <= page.viewportSize()!.height + 0.5;
    })
    .toBe(true);
}

const shot = (page: Page, width: number, name: string) =>
  page.screenshot({ path: `test-results/rough-edges/${width}-${name}.png` });

for (const width of [390, 1440]) {
  const phone = width < 768;
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: phone ? 844 : 900 } });

    test(`the browser gets a favicon and each tab names what it shows (${width} px)`, async ({
      guardedPage: page,
      request,
    }) => {
      // Browsers and bookmarks ask for /favicon.ico whatever the page links to; it was a 404.
      const ico = await request.get("/favicon.ico");
      expect(ico.status()).toBe(200);
      expect(ico.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
      expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // an ICO header
      await page.goto("/login");
      const icons = await page
        .locator('link[rel="icon"]')
        .evaluateAll((ls) => ls.map((l) => (l as HTMLLinkElement).href));
      expect(icons.length).toBeGreaterThan(0);
      for (const href of icons) expect((await request.get(href)).status(), href).toBe(200);

      await signIn(page, ADMIN.username, ADMIN.password);
      const office = await createSet(`office-${width}`, [rule(1, { prefix: "rtitle", port: 22, comment: "ssh" })]);
      const branch = await createSet(`branch-${width}`, [rule(1, { prefix: "rtitle", port: 22, comment: "ssh" })]);
      const titles: string[] = [];
      for (const path of [`/rule-sets/${office}`, `/rule-sets/${branch}`, `/rule-sets/${office}/push`]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        titles.push(await page.title());
      }
      expect(titles).toEqual([
        `office-${width} · Rule set · Rampart`,
        `branch-${width} · Rule set · Rampart`,
        `office-${width} · Push · Rampart`,
      ]);
    });

    test(`the packet tester shows the rule it names and drops its verdict on bad input (${width} px)`, async ({
      guardedPage: page,
    }) => {
      await signIn(page, ADMIN.username, ADMIN.password);
      const rules = Array.from({ length: 30 }, (_, i) =>
        i === 29
          ? rule(i + 1, { prefix: "rtester", action: "drop", port: null, comment: "drop the rest" })
          : rule(i + 1, { prefix: "rtester", port: 1000 + i, comment: `svc ${i + 1}` }),
      );
      const id = await createSet(`tester-${width}`, rules);
      await page.goto(`/rule-sets/${id}`);
      await page.getByTestId("packet-tester-toggle").click();
      const tester = page.getByTestId("packet-tester");
      const row = (n: number) => page.locator(`[data-testid="rule-row"][data-position="${n}"]`);
      await tester.getByLabel("Source address").fill("198.51.100.7");
      await tester.getByLabel("Destination address").fill("192.0.2.1");

      // A packet an early rule decides: the list still starts at rule #1 (the first rows are not scrolled away).
      await tester.getByLabel("Destination port").fill("1001");
      await tester.getByTestId("packet-test-submit").click();
      await expect(tester.getByTestId("packet-verdict")).toContainText("Accepted by rule #2");
      await expect(row(2)).toHaveAttribute("data-highlighted", "true");
      // (On a phone the list starts below the answer, a scroll away.)
      if (!phone) await onScreen(page, row(1));
      expect(await page.getByTestId("rule-viewport").evaluate((el) => el.scrollTop)).toBe(0);

      // A packet rule #26 decides. The answer grows the panel and pushes the list down: the deciding row must still
      // be on screen, whole, not scrolled to below the window's edge (where it was, with the first rows gone).
      await tester.getByLabel("Destination port").fill("1025");
      await tester.getByTestId("packet-test-submit").click();
      const verdict = tester.getByTestId("packet-verdict");
      await expect(verdict).toContainText("Accepted by rule #26");
      await expect(row(26)).toHaveAttribute("data-highlighted", "true");
      if (phone) {
        // On a phone the list is below the answer: the page stays on the answer, and the verdict's link goes to
        // the rule.
        await expect(verdict).toBeInViewport();
        await shot(page, width, "tester-verdict");
        await verdict.getByRole("button", { name: "rule #26" }).click();
      }
      await onScreen(page, row(26));
      await shot(page, width, "tester-deciding-row");

      // A bad packet after a verdict: the old verdict and its highlight go.
      await tester.getByLabel("Destination port").fill("70000");
      await tester.getByTestId("packet-test-submit").click();
      await expect(tester.locator('[data-field-error="dstPort"]')).toHaveText("port 70000 is outside 1-65535");
      await expect(tester.getByTestId("packet-result")).toHaveCount(0);
      await expect(row(26)).not.toHaveAttribute("data-highlighted", "true");
    });

    test(`a push through the page: rows say what the router holds at once, rules named, address audited (${width} px)`, async ({
      guardedPage: page,
    }) => {
      test.setTimeout(120_000);
      await signIn(page, ADMIN.username, ADMIN.password);
      const name = `edge-rough-${width}`;
      const routerId = await addRouterOsRouter(api, { name, port: peer.port, password: "rough-e2e-pw" });
      const prefix = `rrough${width}`.slice(0, 9);
      const setId = await createSet(`rough-push-${width}`, [rule(1, { prefix, port: 22, comment: "SSH from office" })]);
      expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(
        200,
      );

      await page.goto(`/rule-sets/${setId}/push`);
      const routerRow = page.getByTestId("push-router").filter({ hasText: name });
      await expect(routerRow).toContainText("never pushed");
      await page.getByRole("button", { name: "Preview 1 router" }).click();
      await routerRow.getByRole("button", { name: "Show preview" }).click();
      // The preview names the rule as a person does, never by its internal id.
      const plan = routerRow.getByTestId("plan-view");
      await expect(plan).toContainText("#1 SSH from office");
      await expect(plan).not.toContainText(`rule ${prefix}0001`);
      await page.getByTestId("push-button").click();
      await expect(page.getByTestId("batch-progress")).toHaveAttribute("data-state", "done", { timeout: 30_000 });
      // Without a reload: the row said "never pushed" until one.
      await expect(routerRow).toContainText("has #1");
      await expect(routerRow).not.toContainText("never pushed");
      await routerRow.scrollIntoViewIfNeeded();
      await shot(page, width, "push-done");

      // The audit log's Address column is filled for what was done in the dashboard, not only for sign-in: a
      // form (server action) and the push (API call from the page).
      await page.goto("/rule-sets/new");
      await page.getByLabel("Name", { exact: true }).fill(`rough-audit-${width}`);
      await page.getByRole("button", { name: "Create rule set" }).click();
      await page.waitForURL((url) => /^\/rule-sets\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
      for (const q of [`action=ruleset.create&q=rough-audit-${width}`, `action=push.start&q=rough-push-${width}`]) {
        await page.goto(`/audit?${q}`);
        const rows = page.getByTestId("audit-row");
        await expect(rows).toHaveCount(1);
        await expect(rows.first()).toContainText("127.0.0.1");
      }
      await shot(page, width, "audit");
    });
  });
}
