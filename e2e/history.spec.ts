import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

const TEMPLATE = "Block all incoming traffic except from a trusted address";
const shot = (name: string) =>
  process.env.E2E_SCREENSHOTS ? { path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true } : undefined;

test("template with trusted address, API save, stale refusal, history diff and revert", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const token = rampartCli(["token", "create", "--name", "e2e-history", "--role", "operator"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const names = async () =>
    ((await (await api.get("/api/v1/rule-sets")).json()).ruleSets as { name: string }[]).map((s) => s.name);

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
  // replies, trusted, ICMPv6 (neighbour discovery), drop
  expect(v1.content.rules).toHaveLength(4);

  // A second revision through the API: add SSH from anywhere, reword the drop rule.
  const ssh = {
    ...v1.content.rules[0],
    id: "rsshe2e01",
    states: [],
    protocol: "tcp",
    dstPorts: [{ from: 22, to: 22 }],
    comment: "ssh from anywhere",
  };
  const rules = [
    v1.content.rules[0],
    ssh,
    v1.content.rules[1],
    v1.content.rules[2],
    { ...v1.content.rules[3], comment: "drop everything else" },
  ];
  const put = await api.put(`/api/v1/rule-sets/${id}`, {
    data: {
      baseRevision: 1,
      name: "branch-e2e",
      description: "",
      content: { ...v1.content, rules },
      message: "allow ssh",
    },
  });
  expect(put.status()).toBe(200);
  expect(await put.json()).toEqual({ revision: 2 });

  // Someone else still on revision 1 is refused, and told why.
  const stale = await api.put(`/api/v1/rule-sets/${id}`, {
    data: { baseRevision: 1, name: "branch-e2e", description: "", content: v1.content, message: "late" },
  });
  expect(stale.status()).toBe(409);
  expect((await stale.json()).error.message).toMatch(/changed by someone else \(revision 2\)/);

  // The same validation as the app, with body paths.
  const bad = await api.put(`/api/v1/rule-sets/${id}`, {
    data: {
      baseRevision: 2,
      name: "branch-e2e",
      description: "",
      content: { ...v1.content, rules: [{ ...ssh, dstPorts: [{ from: 70000, to: 70000 }] }] },
    },
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.issues).toContainEqual({
    path: "content.rules.0.dstPorts.0.from",
    message: "port 70000 is outside 1-65535",
  });

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

test("API: rules and address lists with baseRevision, revisions, diff, revert, import, delete", async ({
  playwright,
  baseURL,
}) => {
  const token = rampartCli(["token", "create", "--name", "e2e-history-api", "--role", "operator"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const viewerToken = rampartCli(["token", "create", "--name", "e2e-history-viewer", "--role", "viewer"]);

  const bad = await api.post("/api/v1/rule-sets", {
    data: {
      source: "template",
      name: "api-set",
      template: "basic-edge-router",
      params: { lan: "bridge", wan: "bridge" },
    },
  });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.issues).toEqual([
    { path: "params.wan", message: "the WAN interface must differ from the LAN interface" },
  ]);

  const created = await api.post("/api/v1/rule-sets", {
    data: {
      source: "template",
      name: "api-set",
      template: "basic-edge-router",
      params: { lan: "bridge", wan: "ether1" },
    },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();

  const denied = await api.post(`/api/v1/rule-sets/${id}/rules`, {
    headers: { Authorization: `Bearer ${viewerToken}` },
    data: { baseRevision: 1, rule: {} },
  });
  expect(denied.status()).toBe(403);

  const add = await api.post(`/api/v1/rule-sets/${id}/rules`, {
    data: {
      baseRevision: 1,
      position: 3,
      rule: { protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], src: { kind: "list", list: "admins", negate: false } },
    },
  });
  expect(add.status()).toBe(422);
  expect((await add.json()).error.issues).toEqual([
    { path: "rule.src.list", message: "address list 'admins' does not exist" },
  ]);

  const list = await api.put(`/api/v1/rule-sets/${id}/address-lists/admins`, {
    data: { baseRevision: 1, entries: [{ address: "192.0.2.0/24", comment: "noc" }] },
  });
  expect(await list.json()).toEqual({ revision: 2, created: true });
  const badList = await api.put(`/api/v1/rule-sets/${id}/address-lists/admins`, {
    data: { baseRevision: 2, entries: [{ address: "192.0.2.0/33", comment: "" }] },
  });
  expect(badList.status()).toBe(422);
  expect((await badList.json()).error.issues[0].path).toBe("entries.0.address");

  const staleAdd = await api.post(`/api/v1/rule-sets/${id}/rules`, { data: { baseRevision: 1, rule: {} } });
  expect(staleAdd.status()).toBe(409);
  const added = await api.post(`/api/v1/rule-sets/${id}/rules`, {
    data: {
      baseRevision: 2,
      position: 3,
      rule: {
        protocol: "tcp",
        dstPorts: [{ from: 22, to: 22 }],
        src: { kind: "list", list: "admins", negate: false },
        comment: "ssh from the NOC",
      },
    },
  });
  expect(added.status()).toBe(201);
  const { ruleId } = await added.json();

  const rules = await (await api.get(`/api/v1/rule-sets/${id}/rules`)).json();
  expect(rules.headRevision).toBe(3);
  expect(rules.rules[3]).toMatchObject({
    position: 3,
    rule: { id: ruleId },
    description: "accept tcp from admins to any port 22 on input",
  });
  const lists = await (await api.get(`/api/v1/rule-sets/${id}/address-lists`)).json();
  expect(lists.addressLists[0]).toMatchObject({ name: "admins", usedBy: [{ ruleId, position: 3, side: "src" }] });

  const revisions = await (await api.get(`/api/v1/rule-sets/${id}/revisions`)).json();
  expect(revisions.revisions.map((r: { number: number }) => r.number)).toEqual([3, 2, 1]);
  const diff = await (await api.get(`/api/v1/rule-sets/${id}/diff?from=1&to=3`)).json();
  expect(diff.diff.summary).toMatchObject({ rulesAdded: 1, listsAdded: 1 });
  expect((await api.get(`/api/v1/rule-sets/${id}/diff?from=1&to=9`)).status()).toBe(404);
  const rev1 = await (await api.get(`/api/v1/rule-sets/${id}/revisions/1`)).json();

  const revert = await api.post(`/api/v1/rule-sets/${id}/revert`, { data: { to: 1, baseRevision: 3 } });
  expect(await revert.json()).toEqual({ revision: 4 });
  const again = await api.post(`/api/v1/rule-sets/${id}/revert`, { data: { to: 1, baseRevision: 4 } });
  expect(again.status()).toBe(400);
  expect((await again.json()).error.message).toMatch(/nothing changed/i);
  const head = await (await api.get(`/api/v1/rule-sets/${id}`)).json();
  expect(head.content).toEqual(rev1.content);

  const file = await (await api.get(`/api/v1/rule-sets/${id}/export?revision=3`)).json();
  const imported = await api.post("/api/v1/rule-sets", { data: { source: "import", name: "api-set copy", file } });
  expect(imported.status()).toBe(201);
  const copy = await (await api.get(`/api/v1/rule-sets/${(await imported.json()).id}`)).json();
  expect(copy.content.rules).toHaveLength(5);
  const taken = await api.post("/api/v1/rule-sets", { data: { source: "import", file } });
  expect((await taken.json()).error.issues).toEqual([
    { path: "name", message: "a rule set named 'api-set' already exists" },
  ]);

  expect((await api.delete(`/api/v1/rule-sets/${id}`)).status()).toBe(204);
  expect((await api.get(`/api/v1/rule-sets/${id}`)).status()).toBe(404);
  await api.dispose();
});
