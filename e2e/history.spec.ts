import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

const TEMPLATE = "Block all incoming traffic except from a trusted address";
const shot = (name: string) => (process.env.E2E_SCREENSHOTS ? { path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true } : undefined);

test("template with trusted address, API save, stale refusal, history diff and revert", async ({ guardedPage: page, playwright, baseURL }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const token = rampartCli(["token", "create", "--name", "e2e-history", "--role", "operator"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const names = async () => ((await (await api.get("/api/v1/rule-sets")).json()).ruleSets as { name: string }[]).map((s) => s.name);

  // A bad trusted address: the message sits at the field and nothing is created.
  await page.goto("/rule-sets/new");
  await page.getByText(TEMPLATE, { exact: true }).click();
  await page.getByLabel("Name", { exact: true }).fill("branch-e2e");
  await page.getByLabel("Trusted addresses").fill("192.0.2.10, 10.0.0.300");
  await page.getByRole("button", { name: "Create rule set" }).click();
  await expect(page.locator('[data-field-error="trusted"]')).toHaveText("10.0.0.300 is not an IPv4 address");
  await expect(page.getByLabel("Trusted addresses")).toHaveAttribute("aria-invalid", "true");
  if (shot("new-error")) await page.screenshot(shot("new-error"));
  expect(await names()).not.toContain("branch-e2e");

  // A good one creates revision 1 and opens the rule set.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("branch-e2e");
  await page.getByLabel("Trusted addresses").fill("192.0.2.10");
  await page.getByRole("button", { name: "Create rule set" }).click();
  await page.waitForURL((url) => /^\/rule-sets\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
  const id = new URL(page.url()).pathname.split("/").pop()!;

  const v1 = await (await api.get(`/api/v1/rule-sets/${id}`)).json();
  expect(v1).toMatchObject({ name: "branch-e2e", headRevision: 1 });
  expect(v1.content.addressLists).toEqual([{ name: "trusted", entries: [{ address: "192.0.2.10", comment: "" }] }]);
  expect(v1.content.rules).toHaveLength(3);

  // A second revision through the API: add SSH from anywhere, reword the drop rule.
  const ssh = { ...v1.content.rules[0], id: "rsshe2e01", states: [], protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], comment: "ssh from anywhere" };
  const rules = [v1.content.rules[0], ssh, v1.content.rules[1], { ...v1.content.rules[2], comment: "drop everything else" }];
  const put = await api.put(`/api/v1/rule-sets/${id}`, { data: { baseRevision: 1, name: "branch-e2e", description: "", content: { ...v1.content, rules }, message: "allow ssh" } });
  expect(put.status()).toBe(200);
  expect(await put.json()).toEqual({ revision: 2 });

  // Someone else still on revision 1 is refused, and told why.
  const stale = await api.put(`/api/v1/rule-sets/${id}`, { data: { baseRevision: 1, name: "branch-e2e", description: "", content: v1.content, message: "late" } });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.message).toMatch(/changed by someone else \(revision 2\)/);

  // The same validation as the app, with body paths.
  const bad = await api.put(`/api/v1/rule-sets/${id}`, { data: { baseRevision: 2, name: "branch-e2e", description: "", content: { ...v1.content, rules: [{ ...ssh, dstPorts: [{ from: 70000, to: 70000 }] }] } } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.issues).toContainEqual({ path: "content.rules.0.dstPorts.0.from", message: "port 70000 is outside 1-65535" });

  // History lists both; the default diff (1 → 2) shows the change at rule level.
  await page.goto(`/rule-sets/${id}/history`);
  await expect(page.getByTestId("revision-row-1")).toContainText("Created from template");
  await expect(page.getByTestId("revision-row-2")).toContainText("allow ssh");
  const diff = page.getByTestId("revision-diff");
  await expect(diff.getByRole("heading")).toHaveText("Revision 1 → revision 2");
  await expect(diff.locator('[data-diff="added"]')).toContainText("accept tcp from any to any port 22 on input");
  const changed = diff.locator('[data-diff="changed"]');
  await expect(changed).toContainText("drop all other incoming traffic");
  await expect(changed).toContainText("drop everything else");
  if (shot("history")) await page.screenshot(shot("history"));

  // Revert to 1: a new revision 3 equal to revision 1.
  await page.getByTestId("revision-row-1").getByRole("button", { name: "Revert to #1" }).click();
  await expect(page.getByTestId("revision-row-3")).toContainText("Revert to revision 1");
  const v3 = await (await api.get(`/api/v1/rule-sets/${id}`)).json();
  expect(v3.headRevision).toBe(3);
  expect(v3.content).toEqual(v1.content);

  // The global feed shows all three, newest first.
  await page.goto("/history");
  const rows = page.getByTestId("activity-row").filter({ hasText: "branch-e2e" });
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("Revert to revision 1");
  if (shot("activity")) await page.screenshot(shot("activity"));

  // The export downloads the JSON format with its version.
  const exported = await api.get(`/api/v1/rule-sets/${id}/export`);
  expect(exported.headers()["content-disposition"]).toContain("branch-e2e.r3.rampart.json");
  expect(await exported.json()).toMatchObject({ formatVersion: 1, ruleSet: { name: "branch-e2e" } });
  await page.goto("/rule-sets");
  const row = page.getByTestId("rule-set-row-branch-e2e");
  await expect(row).toContainText("admin");
  await expect(row).toContainText("Revert to revision 1");
  if (shot("list")) await page.screenshot(shot("list"));
  await api.dispose();
});
