import fs from "node:fs";
import { startOpenWrtPeer, type OpenWrtPeer } from "../tests/peers/openwrt/start-openwrt-peer";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

// An OpenWrt router end to end: the stand-in is a real sshd with uci/fw4 stand-ins; what it holds is read from it.
let peer: OpenWrtPeer;

test.beforeAll(async () => {
  peer = await startOpenWrtPeer({ seed: "foreign" });
});

test.afterAll(async () => {
  await peer?.close();
});

const rule = (id: string, port: number, comment: string) => ({
  id,
  chain: "input",
  action: "accept",
  family: "ipv4",
  protocol: "tcp",
  src: { kind: "any" },
  dst: { kind: "any" },
  srcPorts: [],
  dstPorts: [{ from: port, to: port }],
  inInterface: null,
  outInterface: null,
  states: [],
  log: false,
  logPrefix: "",
  comment,
  enabled: true,
});

test("OpenWrt: add the router, assign a rule set, the preview shows the change and its uci batch lines, push, progress reaches done, deployments list it, the stand-in holds the rule", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const token = rampartCli(["token", "create", "--name", "e2e-push-openwrt", "--role", "admin"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

  const router = await api.post("/api/v1/routers", {
    data: {
      name: "owrt-push",
      vendor: "openwrt",
      host: peer.host,
      port: peer.port,
      transport: "ssh",
      username: peer.username,
      password: peer.password,
      hostKeyFingerprint: peer.hostKeyFingerprint,
      site: "",
      tags: [],
      notes: "",
    },
  });
  expect(router.status(), await router.text()).toBe(201);
  const routerId = (await router.json()).id as string;
  const created = await api.post("/api/v1/rule-sets", {
    data: {
      source: "blank",
      name: "owrt-push-e2e",
      content: { rules: [rule("rowrtssh01", 2222, "ssh-alt")], addressLists: [] },
    },
  });
  expect(created.status()).toBe(201);
  const setId = (await created.json()).id as string;
  expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(200);
  const foreignBefore = peer.uci(["show", "firewall.guest_ssh"]).stdout;
  expect(foreignBefore).toContain("firewall.guest_ssh=rule");

  // Preview in the UI: the added rule, and the exact uci batch lines that will go to the router.
  await page.goto(`/rule-sets/${setId}/push`);
  await expect(page.getByLabel("Revision")).toHaveValue("1");
  await page.getByRole("button", { name: "Preview 1 router" }).click();
  const row = page.getByTestId("push-router").filter({ hasText: "owrt-push" });
  await row.getByRole("button", { name: "Show preview" }).click();
  const plan = row.getByTestId("plan-view");
  await expect(plan.getByTestId("plan-counts")).toContainText("+1 added");
  await expect(plan.locator("[data-change=add]")).toHaveCount(1);
  await expect(plan.locator("[data-change=add]")).toContainText("2222");
  await plan.getByText(/Exact operations sent to the router/).click();
  const ops = plan.getByTestId("plan-ops");
  await expect(ops).toContainText("uci batch");
  await expect(ops).toContainText("set firewall.rampart_rowrtssh01='rule'");
  await expect(ops).toContainText("add_list firewall.rampart_rowrtssh01.dest_port='2222'");
  await expect(ops).toContainText("set firewall.rampart_rowrtssh01.target='ACCEPT'");
  // fw4's chain decides by zone, and Rampart cannot tell which zone its connection arrives on: the preview says
  // "unknown" and names the zones, never "stays open".
  await expect(row.getByTestId("preview-detail")).toContainText(/Management path .*: unknown/);
  await expect(row.getByTestId("preview-detail")).toContainText("zone lan: input policy ACCEPT");
  await expect(row.getByTestId("preview-detail")).not.toContainText("stays open");
  // nothing was written by the preview
  expect(peer.uci(["get", "firewall.rampart_rowrtssh01"]).rc).toBe(1);

  await page.getByTestId("push-button").click();
  await expect(page.getByTestId("batch-row").filter({ hasText: "owrt-push" })).toHaveAttribute("data-status", "done", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("batch-progress")).toHaveAttribute("data-state", "done");

  // The stand-in holds the new rule, committed and loaded; the foreign section is untouched; no revert timer left.
  expect(peer.uci(["get", "firewall.rampart_rowrtssh01.dest_port"]).stdout).toBe("2222\n");
  expect(peer.uci(["get", "firewall.rampart_rowrtssh01.target"]).stdout).toBe("ACCEPT\n");
  expect(peer.uci(["changes", "firewall"]).stdout).toBe("");
  expect(peer.readConfig()).toContain("config rule 'rampart_rowrtssh01'");
  expect(peer.readLiveRuleset()).toContain('comment "!fw4: ssh-alt"');
  expect(peer.uci(["show", "firewall.guest_ssh"]).stdout).toBe(foreignBefore);

  // Deployments page lists the push, done; its detail shows the confirmed steps and the uci lines.
  await page.goto("/deployments");
  const rows = page.getByTestId("deployment-row").filter({ hasText: "owrt-push" });
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("deployment-status")).toHaveAttribute("data-status", "done");
  await rows.first().getByRole("link").first().click();
  await expect(page.getByTestId("deployment-steps")).toContainText("revert timer disarmed");
  const deploymentId = page.url().split("/").pop()!;
  expect(fs.existsSync(peer.revertDir(deploymentId))).toBe(false);
  await expect(page.getByTestId("plan-view")).toContainText("2222");

  await page.goto(`/routers/${routerId}`);
  await expect(page.getByTestId("last-pushed")).toHaveText("last pushed #1 of #1");
});
