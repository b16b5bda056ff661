import fs from "node:fs";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { adminApi, createAssignedRuleSet, openWrtPeerForFile, tcpRule } from "./router-setup";

// An OpenWrt router end to end: the stand-in is a real sshd with uci/fw4 stand-ins; what it holds is read from it.
const owrt = openWrtPeerForFile({ seed: "foreign" });

test("OpenWrt: add the router, assign a rule set, the preview shows the change and its uci batch lines, push, progress reaches done, deployments list it, the stand-in holds the rule", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const api = await adminApi(playwright, baseURL, "e2e-push-openwrt");

  const router = await api.post("/api/v1/routers", {
    data: {
      name: "owrt-push",
      vendor: "openwrt",
      host: owrt.peer.host,
      port: owrt.peer.port,
      transport: "ssh",
      username: owrt.peer.username,
      password: owrt.peer.password,
      hostKeyFingerprint: owrt.peer.hostKeyFingerprint,
      site: "",
      tags: [],
      notes: "",
    },
  });
  expect(router.status(), await router.text()).toBe(201);
  const routerId = (await router.json()).id as string;
  const setId = await createAssignedRuleSet(api, routerId, "owrt-push-e2e", [tcpRule("rowrtssh01", 2222, "ssh-alt")]);
  const foreignBefore = owrt.peer.uci(["show", "firewall.guest_ssh"]).stdout;
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
  expect(owrt.peer.uci(["get", "firewall.rampart_rowrtssh01"]).rc).toBe(1);

  await page.getByTestId("push-button").click();
  await expect(page.getByTestId("batch-row").filter({ hasText: "owrt-push" })).toHaveAttribute("data-status", "done", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("batch-progress")).toHaveAttribute("data-state", "done");

  // The stand-in holds the new rule, committed and loaded; the foreign section is untouched; no revert timer left.
  expect(owrt.peer.uci(["get", "firewall.rampart_rowrtssh01.dest_port"]).stdout).toBe("2222\n");
  expect(owrt.peer.uci(["get", "firewall.rampart_rowrtssh01.target"]).stdout).toBe("ACCEPT\n");
  expect(owrt.peer.uci(["changes", "firewall"]).stdout).toBe("");
  expect(owrt.peer.readConfig()).toContain("config rule 'rampart_rowrtssh01'");
  expect(owrt.peer.readLiveRuleset()).toContain('comment "!fw4: ssh-alt"');
  expect(owrt.peer.uci(["show", "firewall.guest_ssh"]).stdout).toBe(foreignBefore);

  // Deployments page lists the push, done; its detail shows the confirmed steps and the uci lines.
  await page.goto("/deployments");
  const rows = page.getByTestId("deployment-row").filter({ hasText: "owrt-push" });
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("deployment-status")).toHaveAttribute("data-status", "done");
  await rows.first().getByRole("link").first().click();
  await expect(page.getByTestId("deployment-steps")).toContainText("revert timer disarmed");
  const deploymentId = page.url().split("/").pop()!;
  expect(fs.existsSync(owrt.peer.revertDir(deploymentId))).toBe(false);
  await expect(page.getByTestId("plan-view")).toContainText("2222");

  await page.goto(`/routers/${routerId}`);
  await expect(page.getByTestId("last-pushed")).toHaveText("last pushed #1 of #1");
});
