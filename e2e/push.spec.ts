import { startRouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, signIn, test } from "./fixtures";
import {
  addRouterOsRouter,
  adminApi,
  createAssignedRuleSet,
  routerOsPeerForFile,
  routerOsRouterPushed,
  tcpRule,
} from "./router-setup";

const edge = routerOsPeerForFile({
  users: { admin: "push-e2e-pw" },
  identity: "edge-push",
  seed: { foreign: true, fasttrack: true },
});

test("edit a rule, preview shows it, push, progress reaches done, deployments list it, the router holds it", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signIn(page, ADMIN.username, ADMIN.password);
  const api = await adminApi(playwright, baseURL, "e2e-push");
  // Revision 1 goes out through the API: preview, then push exactly that preview.
  const { routerId, setId } = await routerOsRouterPushed(
    api,
    { name: "edge-push", port: edge.peer.port, password: "push-e2e-pw" },
    "push-e2e",
    [tcpRule("rsshpush01", 22, "ssh")],
  );
  expect(
    edge.peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rsshpush01"))?.["dst-port"],
  ).toBe("22");

  // Edit the rule (API), then the UI: preview shows the port change, push, live progress to done.
  const put = await api.put(`/api/v1/rule-sets/${setId}`, {
    data: {
      baseRevision: 1,
      name: "push-e2e",
      description: "",
      content: { rules: [tcpRule("rsshpush01", 2222, "ssh")], addressLists: [] },
      message: "ssh on 2222",
    },
  });
  expect(put.status()).toBe(200);

  await page.goto(`/rule-sets/${setId}/push`);
  await expect(page.getByLabel("Revision")).toHaveValue("2");
  await page.getByRole("button", { name: "Preview 1 router" }).click();
  const row = page.getByTestId("push-router").filter({ hasText: "edge-push" });
  await row.getByRole("button", { name: "Show preview" }).click();
  const plan = row.getByTestId("plan-view");
  await expect(plan).toContainText("dst-port");
  await expect(plan).toContainText("2222");
  // The router's default "drop all not coming from LAN" matches on an interface list the rule model does not
  // hold: the path is unknown and the preview says which row and why, instead of "stays open".
  await expect(row.getByTestId("lockout-undecided")).toContainText("defconf: drop all not coming from LAN");
  await expect(row.getByTestId("preview-detail")).not.toContainText("stays open");
  await expect(row.getByTestId("resulting-chain")).toContainText("Cannot be evaluated");
  await page.getByTestId("push-button").click();
  await expect(page.getByTestId("batch-row").filter({ hasText: "edge-push" })).toHaveAttribute("data-status", "done", {
    timeout: 30_000,
  });
  await expect(page.getByTestId("batch-progress")).toHaveAttribute("data-state", "done");
  // The page around the progress follows without a reload.
  await expect(row).toContainText("has #2");

  // The router holds the new rule (read from the peer); foreign rules are still there.
  expect(
    edge.peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rsshpush01"))?.["dst-port"],
  ).toBe("2222");
  expect(edge.peer.rows("ip/firewall/filter").some((r) => r.comment === "defconf: drop all not coming from LAN")).toBe(
    true,
  );
  expect(edge.peer.rows("system/scheduler")).toEqual([]);

  // Deployments page lists both pushes, newest first, done; the detail shows the confirmed steps.
  await page.goto("/deployments");
  const rows = page.getByTestId("deployment-row").filter({ hasText: "edge-push" });
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId("deployment-status")).toHaveAttribute("data-status", "done");
  await expect(rows.first()).toContainText("#2");
  await rows.first().getByRole("link").first().click();
  await expect(page.getByTestId("deployment-steps")).toContainText("revert timer disarmed");
  await expect(page.getByTestId("plan-view")).toContainText("2222");

  // The router page shows the assignment and the last pushed revision.
  await page.goto(`/routers/${routerId}`);
  await expect(page.getByTestId("last-pushed")).toHaveText("last pushed #2 of #2");
});

test("a large plan: the preview shows its summary and pages in the rest on demand", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const big = await startRouterOsPeer({ users: { admin: "push-e2e-pw" }, identity: "edge-big" });
  try {
    await signIn(page, ADMIN.username, ADMIN.password);
    const api = await adminApi(playwright, baseURL, "e2e-push-big");
    const routerId = await addRouterOsRouter(api, { name: "edge-big", port: big.port, password: "push-e2e-pw" });
    const rules = Array.from({ length: 45 }, (_, i) =>
      tcpRule(`rbig${String(i).padStart(6, "0")}`, 3000 + i, `big ${i}`),
    );
    const setId = await createAssignedRuleSet(api, routerId, "push-e2e-big", rules);

    await page.goto(`/rule-sets/${setId}/push`);
    await page.getByRole("button", { name: "Preview 1 router" }).click();
    const row = page.getByTestId("push-router").filter({ hasText: "edge-big" });
    await row.getByRole("button", { name: "Show preview" }).click();
    const plan = row.getByTestId("plan-view");
    await expect(plan.getByTestId("plan-counts")).toContainText("+45 added");
    // The summary holds the first 20 changes; the rest come from the plans API when asked for.
    await expect(plan.locator("[data-change=add]")).toHaveCount(20);
    await plan.getByTestId("plan-more-changes").click();
    await expect(plan.locator("[data-change=add]")).toHaveCount(45);
    await expect(plan.locator("[data-change=add]").last()).toContainText("3044");
    await expect(plan.getByTestId("plan-more-changes")).toHaveCount(0);
    await plan.getByText(/Exact operations sent to the router/).click();
    await plan.getByTestId("plan-more-writes").click();
    await expect(plan.getByTestId("plan-ops")).toContainText("3044");
  } finally {
    await big.close();
  }
});
