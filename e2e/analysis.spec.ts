import type { APIRequestContext, Page } from "@playwright/test";
import { ruleDefaults } from "../lib/rules/make-rule";
import { sampleRuleSet } from "../tests/support/sample-rule-set";
import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { addRouterOsRouter, adminApi } from "./router-setup";

/** Rule analysis in the editor, the packet tester (editor and live router), and the push guard setting. */

const rule = (id: string, o: { action?: string; port?: number; src?: string[]; comment: string }) => ({
  ...ruleDefaults(),
  id,
  action: o.action ?? "accept",
  family: "ipv4",
  protocol: "tcp",
  src: o.src ? { kind: "addresses", values: o.src, negate: false } : { kind: "any" },
  dstPorts: o.port ? [{ from: o.port, to: o.port }] : [],
  comment: o.comment,
});

// #1 rejects ssh from everywhere, so #2 (accept ssh from the office) can never match: a conflict naming #1.
const CONTENT = {
  rules: [
    rule("rblockssh1", { action: "reject", port: 22, comment: "no ssh" }),
    rule("rofficessh", { port: 22, src: ["198.51.100.0/24"], comment: "office ssh" }),
    rule("rhttps0001", { port: 443, comment: "web" }),
    { ...rule("rdroprest1", { action: "drop", comment: "drop the rest" }), protocol: "any" },
  ],
  addressLists: [],
};

let api: APIRequestContext;
let peer: RouterOsPeer | undefined;

test.beforeAll(async ({ playwright, baseURL }) => {
  api = await adminApi(playwright, baseURL, "e2e-analysis");
});

test.afterAll(async () => {
  // Leave the guard off for the other specs.
  await api?.put("/api/v1/settings/push-guard", { data: { blockOnConflicts: false } });
  await peer?.close();
});

async function createSet(name: string) {
  const created = await api.post("/api/v1/rule-sets", { data: { source: "blank", name, content: CONTENT } });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

const row = (page: Page, position: number) => page.locator(`[data-testid="rule-row"][data-position="${position}"]`);

test("a conflicting rule shows the error badge naming the earlier rule, also while typing in the panel", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const id = await createSet("analysis-badges");
  await page.goto(`/rule-sets/${id}`);

  const badge = row(page, 2).getByTestId("finding-badge");
  await expect(badge).toHaveAttribute("data-badge", "conflict");
  await expect(badge).toContainText("conflict");
  await expect(badge).toContainText("#1");
  await expect(row(page, 1).getByTestId("finding-badge")).toHaveCount(0);
  await expect(page.getByTestId("findings-count-conflict")).toHaveText("1 conflict");

  await badge.click();
  const popover = page.getByTestId("finding-popover");
  await expect(popover).toContainText(
    "Rule #2 (office ssh) never matches: rule #1 (no ssh) already rejects every packet it would accept",
  );
  await popover.getByRole("button", { name: "rule #1" }).click();
  await expect(row(page, 1)).toBeFocused();
  await expect(page.getByTestId("rule-panel")).toHaveCount(0);

  // Only rules with findings.
  await page.getByTestId("only-findings").check();
  await expect(page.getByTestId("rule-row")).toHaveCount(1);
  await page.getByTestId("only-findings").uncheck();
  await expect(page.getByTestId("rule-row")).toHaveCount(4);

  // In the panel, as the admin types: rule #3 on port 22 would be shadowed by #1 as well.
  await row(page, 3).click();
  const panel = page.getByTestId("rule-panel");
  await expect(panel.getByTestId("panel-analysis")).toContainText("Reachable");
  await panel.locator("#rule-dstPorts").press("Backspace");
  await panel.locator("#rule-dstPorts").fill("");
  await panel.locator("#rule-dstPorts").pressSequentially("22");
  await panel.locator("#rule-dstPorts").press("Enter");
  await expect(panel.getByTestId("panel-analysis")).toHaveAttribute("data-state", "error");
  await expect(panel.getByTestId("panel-analysis")).toContainText("Rule #3 (web) never matches");
  await page.screenshot({ path: "/tmp/pw-h13/analysis-panel.png" });
  // Not applied yet: the list still shows #3 without a badge.
  await expect(row(page, 3).getByTestId("finding-badge")).toHaveCount(0);
  await panel.getByTestId("apply-rule").click();
  await expect(row(page, 3).getByTestId("finding-badge")).toHaveAttribute("data-badge", "conflict");
  await page.screenshot({ path: "/tmp/pw-h13/analysis-editor.png", fullPage: true });
});

test("5,000 rules: the analysis runs in the background and typing in the panel stays live", async ({
  guardedPage: page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const created = await api.post("/api/v1/rule-sets", {
    data: { source: "blank", name: "analysis-5000", content: sampleRuleSet(5000, 1) },
  });
  expect(created.status()).toBe(201);
  await page.goto(`/rule-sets/${(await created.json()).id}`);
  await expect(page.getByTestId("findings-summary")).toContainText("5000 rules in", { timeout: 30_000 });
  // Not a timing assertion (see bench/): the page answers a keystroke while the worker analyses.
  await page.getByTestId("rule-row").first().click();
  const comment = page.getByTestId("rule-panel").getByLabel("Comment");
  await comment.fill("typed while analysing");
  await expect(comment).toHaveValue("typed while analysing");
  await expect(page.getByTestId("panel-analysis")).toHaveAttribute("data-state", /ok|warning|error/, {
    timeout: 30_000,
  });
  await page.screenshot({ path: "/tmp/pw-h13/analysis-5000.png" });
});

test("the packet tester answers drop and accept on the unsaved rules, highlights the deciding rule and says why earlier ones did not match", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const id = await createSet("analysis-tester");
  await page.goto(`/rule-sets/${id}`);
  await page.getByTestId("packet-tester-toggle").click();
  const tester = page.getByTestId("packet-tester");

  // Messages at the fields, from packetSchema.
  await tester.getByLabel("Source address").fill("198.51.100.300");
  await tester.getByLabel("Destination address").fill("192.0.2.1");
  await tester.getByLabel("Destination port").fill("70000");
  await tester.getByTestId("packet-test-submit").click();
  await expect(tester.locator('[data-field-error="src"]')).toHaveText("198.51.100.300 is not an IPv4 address");
  await expect(tester.locator('[data-field-error="dstPort"]')).toHaveText("port 70000 is outside 1-65535");
  await expect(tester.getByTestId("packet-result")).toHaveCount(0);

  await tester.getByLabel("Source address").fill("198.51.100.7");
  await tester.getByLabel("Destination port").fill("80");
  await tester.getByTestId("packet-test-submit").click();
  const result = tester.getByTestId("packet-result");
  await expect(result).toHaveAttribute("data-verdict", "drop");
  await expect(tester.getByTestId("packet-verdict")).toContainText("Dropped by rule #4");
  await expect(row(page, 4)).toHaveAttribute("data-highlighted", "true");

  await tester.getByLabel("Destination port").fill("443");
  await tester.getByTestId("packet-test-submit").click();
  await expect(result).toHaveAttribute("data-verdict", "accept");
  await expect(tester.getByTestId("packet-verdict")).toContainText("Accepted by rule #3");
  await expect(row(page, 3)).toHaveAttribute("data-highlighted", "true");
  await expect(row(page, 4)).not.toHaveAttribute("data-highlighted", "true");
  const trace = tester.getByTestId("packet-trace");
  await expect(trace.locator('[data-rule-id="rblockssh1"]')).toContainText("destination port 443 not in 22");
  await expect(trace.locator('[data-rule-id="rofficessh"]')).toContainText("destination port 443 not in 22");

  // Follows unsaved edits: with rule #3 disabled, #4 drops it.
  await row(page, 3).getByRole("switch").click();
  await expect(tester.getByTestId("packet-verdict")).toContainText("Dropped by rule #4");
  await expect(trace.locator('[data-rule-id="rhttps0001"]')).toContainText("rule is disabled");
  await page.screenshot({ path: "/tmp/pw-h13/analysis-tester.png", fullPage: true });

  // An invalid packet after a verdict: the old verdict must not stand beside the new input.
  await tester.getByLabel("Destination port").fill("70000");
  await tester.getByTestId("packet-test-submit").click();
  await expect(tester.locator('[data-field-error="dstPort"]')).toHaveText("port 70000 is outside 1-65535");
  await expect(tester.getByTestId("packet-result")).toHaveCount(0);
  await expect(row(page, 4)).not.toHaveAttribute("data-highlighted", "true");
});

test("an admin can block pushes of rule sets with conflicts: the push preview shows the findings and the server refuses", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const id = await createSet("analysis-push");
  const routerId = await addRouterOsRouter(api, { name: "edge-analysis", port: 9, password: "unused-pw-1" });
  expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: id } })).status()).toBe(200);

  // Off (the default): findings are shown, the push is not refused for them.
  await page.goto(`/rule-sets/${id}/push`);
  await expect(page.getByTestId("revision-findings")).toContainText("1 conflict");
  await expect(page.getByTestId("revision-findings")).toContainText("Rule #2 (office ssh) never matches");
  await expect(page.getByTestId("revision-findings")).not.toHaveAttribute("data-blocked", "true");

  await page.goto("/settings");
  const form = page.getByTestId("push-guard-form");
  await form.getByLabel(/Block pushes of rule sets with conflicts/).check();
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("form-message")).toContainText("refused");
  expect(await (await api.get("/api/v1/settings/push-guard")).json()).toEqual({ blockOnConflicts: true });

  await page.goto(`/rule-sets/${id}/push`);
  await expect(page.getByTestId("revision-findings")).toHaveAttribute("data-blocked", "true");
  await page.getByRole("button", { name: "Preview 1 router" }).click();
  await expect(page.getByTestId("preview-error")).toContainText("pushes of rule sets with conflicts are blocked");
  await expect(page.getByTestId("preview-error")).toContainText("Rule #2 (office ssh) never matches");
  await page.screenshot({ path: "/tmp/pw-h13/analysis-push.png", fullPage: true });

  const push = await api.post(`/api/v1/rule-sets/${id}/push`, { data: { routers: [routerId] } });
  expect(push.status()).toBe(409);
  expect((await push.json()).error.message).toContain("pushes of rule sets with conflicts are blocked");
});

test("a packet against a router's live rules, read from the router", async ({ guardedPage: page }) => {
  peer = await startRouterOsPeer({
    users: { admin: "analysis-e2e-pw" },
    identity: "edge-live",
    seed: { foreign: true },
  });
  await signIn(page, ADMIN.username, ADMIN.password);
  const routerId = await addRouterOsRouter(api, { name: "edge-live", port: peer.port, password: "analysis-e2e-pw" });

  await page.goto(`/routers/${routerId}`);
  const tester = page.getByTestId("router-packet-tester");
  await tester.getByLabel("Source address").fill("203.0.113.9");
  await tester.getByLabel("Destination address").fill("192.0.2.1");
  await tester.getByLabel("Destination port").fill("8291");
  await tester.getByTestId("packet-test-submit").click();
  await expect(tester.getByTestId("packet-result")).toBeVisible({ timeout: 20_000 });
  await expect(tester).toContainText("live rules read from edge-live");
  await page.screenshot({ path: "/tmp/pw-h13/analysis-router.png", fullPage: true });

  const q = new URLSearchParams({
    chain: "input",
    src: "203.0.113.9",
    dst: "192.0.2.1",
    protocol: "tcp",
    dstPort: "99999",
    state: "new",
  });
  const bad = await api.get(`/api/v1/routers/${routerId}/packet-test?${q}`);
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.issues).toEqual([{ path: "dstPort", message: "port 99999 is outside 1-65535" }]);
});
