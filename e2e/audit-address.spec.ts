import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

// The audit log's Address column was filled for sign-ins only; every change made over HTTP has a client.
test("changes made through the API and the dashboard record the client's address", async ({
  page,
  playwright,
  baseURL,
}) => {
  const token = rampartCli(["token", "create", "--name", "e2e-audit-address", "--role", "admin"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  expect((await api.post("/api/v1/rule-sets", { data: { source: "blank", name: "audit-address-e2e" } })).status()).toBe(
    201,
  );
  const events = (await (await api.get("/api/v1/audit?action=ruleset.create&q=audit-address-e2e")).json()).events as {
    ip: string | null;
    actorLabel: string;
  }[];
  expect(events).toEqual([expect.objectContaining({ ip: "127.0.0.1", actorLabel: "token 'e2e-audit-address'" })]);

  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/rule-sets/new");
  await page.getByLabel("Name", { exact: true }).fill("audit-address-ui");
  await page.getByRole("button", { name: "Create rule set" }).click();
  await page.waitForURL((url) => /^\/rule-sets\/[a-z0-9]+$/.test(url.pathname) && !url.pathname.endsWith("/new"));
  await page.goto("/audit?action=ruleset.create&q=audit-address-ui");
  await expect(page.getByTestId("audit-row")).toHaveCount(1);
  await expect(page.getByTestId("audit-row").first()).toContainText("127.0.0.1");
  await page.goto("/audit?action=ruleset.create&q=audit-address-e2e");
  await expect(page.getByTestId("audit-row").first()).toContainText("127.0.0.1");
});
