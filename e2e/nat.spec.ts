import { ADMIN, expect, signIn, test } from "./fixtures";
import { addRouterOsRouter, adminApi, createAssignedRuleSet, routerOsPeerForFile, tcpRule } from "./router-setup";

/** The NAT tab: add a port forward at the fields, save, the packet tester runs through it, preview and push it. */
const edge = routerOsPeerForFile({ users: { admin: "nat-e2e-pw" }, identity: "edge-nat" });

const webIn = {
  ...tcpRule("rwebin0001", 80, "web in"),
  chain: "forward",
  dst: { kind: "addresses", values: ["192.168.88.10"], negate: false },
};
const dropRest = {
  ...webIn,
  id: "rdroprest1",
  action: "drop",
  dst: { kind: "any" },
  protocol: "any",
  dstPorts: [],
  comment: "drop the rest",
};

test("NAT tab at 1440 and 390 px: a port forward added at the fields, tested, previewed and pushed", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, ADMIN.username, ADMIN.password);
  const api = await adminApi(playwright, baseURL, "e2e-nat");
  const routerId = await addRouterOsRouter(api, { name: "edge-nat", port: edge.peer.port, password: "nat-e2e-pw" });
  const setId = await createAssignedRuleSet(api, routerId, "nat-e2e", [webIn, dropRest]);

  await page.goto(`/rule-sets/${setId}?tab=nat`);
  const tab = page.getByTestId("nat-tab");
  await expect(tab).toContainText("No NAT rules");
  await tab.getByRole("button", { name: "Add NAT rule" }).click();
  const form = page.getByRole("dialog", { name: "New NAT rule" });
  await form.getByLabel("Ports (outside)").fill("8080");
  await form.getByRole("button", { name: "Apply" }).click();
  // Bad input: the model's messages at the fields, nothing added.
  await expect(form.locator('[data-field-error="nat-toAddress"]')).toHaveText(
    "a port forward needs the inside address to forward to",
  );
  await expect(form.locator('[data-field-error="nat-inInterface"]')).toHaveText(
    "a port forward needs an in interface or a destination address",
  );
  await form.getByLabel("In interface").fill("ether1");
  await form.getByLabel("Forward to address").fill("192.168.88.10");
  await form.getByLabel("Forward to port").fill("80");
  await form.getByLabel("Comment").fill("web server");
  await form.getByRole("button", { name: "Apply" }).click();
  await expect(form).toHaveCount(0);
  await expect(tab.getByRole("table", { name: "NAT rules" })).toContainText(
    "forward tcp port 8080 in via ether1 to 192.168.88.10:80",
  );
  await expect(page.getByTestId("unsaved-count")).toHaveText("1 unsaved change");
  await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("save-outcome")).toContainText("Saved as revision 2");
  await page.reload();
  await expect(tab.getByRole("table", { name: "NAT rules" })).toContainText("web server");
  await page.screenshot({ path: "/tmp/pw-nat/nat-tab-1440.png", fullPage: true });

  // The packet tester: a packet to the router's port 8080 on ether1 is forwarded, then the forward chain accepts it.
  await page.getByRole("tab", { name: /Rules/ }).click();
  await page.getByTestId("packet-tester-toggle").click();
  const tester = page.getByTestId("packet-tester");
  await tester.getByLabel("In interface").fill("ether1");
  await tester.getByLabel("Source address").fill("198.51.100.7");
  await tester.getByLabel("Destination address").fill("203.0.113.1");
  await tester.getByLabel("Destination port").fill("8080");
  await tester.getByTestId("packet-test-submit").click();
  await expect(tester.getByTestId("packet-dstnat")).toContainText(
    "destination 203.0.113.1:8080 becomes 192.168.88.10:80",
  );
  await expect(tester.getByTestId("packet-result")).toHaveAttribute("data-verdict", "accept");
  await expect(tester.getByTestId("packet-verdict")).toContainText("Accepted by rule #1");
  await page.screenshot({ path: "/tmp/pw-nat/nat-tester-1440.png", fullPage: true });

  // Preview lists the NAT write; push; the router holds the forward.
  await page.goto(`/rule-sets/${setId}/push`);
  await page.getByRole("button", { name: "Preview 1 router" }).click();
  const row = page.getByTestId("push-router").filter({ hasText: "edge-nat" });
  await row.getByRole("button", { name: "Show preview" }).click();
  const plan = row.getByTestId("plan-view");
  await expect(plan).toContainText("ip nat dstnat");
  await expect(plan).toContainText("to-addresses=192.168.88.10");
  await page.getByTestId("push-button").click();
  await expect(page.getByTestId("batch-row").filter({ hasText: "edge-nat" })).toHaveAttribute("data-status", "done", {
    timeout: 30_000,
  });
  expect(edge.peer.rows("ip/firewall/nat")).toEqual([
    expect.objectContaining({
      chain: "dstnat",
      action: "dst-nat",
      "dst-port": "8080",
      "in-interface": "ether1",
      "to-addresses": "192.168.88.10",
      "to-ports": "80",
      comment: expect.stringMatching(/^rampart:r[a-z0-9]+ web server$/),
    }),
  ]);

  // The router page's tester reads the router's own tables: the same packet meets the pushed forward there.
  await page.goto(`/routers/${routerId}`);
  const live = page.getByTestId("router-packet-tester");
  await live.getByLabel("In interface").fill("ether1");
  await live.getByLabel("Source address").fill("198.51.100.7");
  await live.getByLabel("Destination address").fill("203.0.113.1");
  await live.getByLabel("Destination port").fill("8080");
  await live.getByTestId("packet-test-submit").click();
  await expect(live.getByTestId("packet-dstnat")).toContainText(
    "destination 203.0.113.1:8080 becomes 192.168.88.10:80",
    {
      timeout: 20_000,
    },
  );
  await expect(live.getByTestId("packet-result")).toHaveAttribute("data-verdict", "accept");

  // A hand edit of the forward on the router is drift, and the router page's live column shows the NAT row as it
  // is now beside the one pushed.
  edge.peer.rows("ip/firewall/nat")[0]["to-ports"] = "8081";
  expect((await (await api.post(`/api/v1/routers/${routerId}/drift/check`)).json()).state).toBe("drifted");
  await page.goto(`/routers/${routerId}`);
  const drift = page.locator("#drift");
  await expect(drift.getByTestId("three-way-live").getByTestId("three-way-nat")).toContainText("192.168.88.10:8081");
  await expect(drift.getByTestId("three-way-pushed").getByTestId("three-way-nat")).toContainText("192.168.88.10:80");
  await drift.getByTestId("three-way").screenshot({ path: "/tmp/pw-nat/nat-drift-1440.png" });
  edge.peer.rows("ip/firewall/nat")[0]["to-ports"] = "80";

  // On a phone: the NAT list stacks into cards and the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/rule-sets/${setId}?tab=nat`);
  await expect(tab.getByRole("table", { name: "NAT rules" })).toContainText("web server");
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await tab.getByRole("button", { name: "Edit" }).click();
  await expect(page.getByRole("dialog", { name: "Edit NAT rule" }).getByLabel("Forward to address")).toHaveValue(
    "192.168.88.10",
  );
  await page.screenshot({ path: "/tmp/pw-nat/nat-tab-390.png", fullPage: true });
});
