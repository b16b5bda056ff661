import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

/**
 * Raw NAT rules in the NAT tab (issue #20 "nothing skipped on import"): a RouterOS 7 defconf router imported over
 * the REST API keeps its masquerade row as a raw NAT rule, which the tab shows with its vendor badge and edits as
 * property text, a bad property named at the field. At 1440 and 390 px.
 */
let peer: RouterOsPeer;
test.beforeAll(async () => {
  peer = await startRouterOsPeer({ users: { admin: "rawnat-e2e-pw" }, seed: { defconf: true } });
});
test.afterAll(async () => {
  await peer?.close();
});

for (const width of [1440, 390]) {
  test(`the defconf masquerade comes over as a raw NAT rule, edited as checked property text (${width} px)`, async ({
    guardedPage: page,
    playwright,
    baseURL,
  }, testInfo) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, ADMIN.username, ADMIN.password);
    const token = rampartCli(["token", "create", "--name", `e2e-rawnat-${width}`, "--role", "admin"]);
    const api = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
    });
    const router = await api.post("/api/v1/routers", {
      data: {
        name: `ros-rawnat-${width}`,
        vendor: "mikrotik",
        host: "127.0.0.1",
        port: peer.port,
        transport: "api",
        username: "admin",
        password: "rawnat-e2e-pw",
        site: "",
        tags: [],
        notes: "",
      },
    });
    expect(router.status(), await router.text()).toBe(201);
    const routerId = ((await router.json()) as { id: string }).id;
    const imported = await api.post(`/api/v1/routers/${routerId}/import`, { data: { name: `defconf-nat-${width}` } });
    expect(imported.status(), await imported.text()).toBe(201);
    const setId = ((await imported.json()) as { ruleSetId: string }).ruleSetId;
    // the REST API carries the raw NAT rule as stored
    const detail = (await (await api.get(`/api/v1/rule-sets/${setId}`)).json()) as {
      content: { nat?: { comment: string; raw?: unknown }[] };
    };
    expect(detail.content.nat).toEqual([
      expect.objectContaining({
        comment: "defconf: masquerade",
        raw: {
          vendor: "mikrotik",
          type: "nat",
          props: { chain: "srcnat", action: "masquerade", "out-interface-list": "WAN", "ipsec-policy": "out,none" },
        },
      }),
    ]);

    await page.goto(`/rule-sets/${setId}?tab=nat`);
    const tab = page.getByTestId("nat-tab");
    const row = tab.locator("[data-nat-id]");
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("nat-raw-badge")).toHaveText("MikroTik raw");
    // stored props come back in the canonical (sorted) order, as raw filter rules do
    await expect(row).toContainText(
      "raw nat: action=masquerade chain=srcnat ipsec-policy=out,none out-interface-list=WAN",
    );
    await page.screenshot({ path: testInfo.outputPath(`raw-nat-tab-${width}.png`), fullPage: true });

    await row.getByRole("button", { name: "Edit" }).click();
    const form = page.getByRole("dialog", { name: "Edit NAT rule" });
    await expect(form.getByTestId("nat-raw-vendor-badge")).toHaveText("MikroTik RouterOS raw nat");
    const props = form.getByLabel("Properties");
    await expect(props).toHaveValue("action=masquerade\nchain=srcnat\nipsec-policy=out,none\nout-interface-list=WAN");
    // the modelled fields are not offered: they decide nothing for a raw rule
    await expect(form.getByLabel("Kind")).toHaveCount(0);

    await props.fill("chain=srcnat\naction=masquerade\nout-interface-list=WAN\nipsec-policy=sideways");
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(props).toHaveAttribute("aria-invalid", "true");
    await expect(form.locator('[data-field-error="nat-raw"]')).toContainText(
      "ipsec-policy=sideways: must be in|out,ipsec|none",
    );
    await page.screenshot({ path: testInfo.outputPath(`raw-nat-error-${width}.png`), fullPage: true });

    await props.fill("chain=srcnat\naction=masquerade\nout-interface-list=WAN\nipsec-policy=out,ipsec");
    await form.getByRole("button", { name: "Apply" }).click();
    await expect(form).toHaveCount(0);
    await expect(row).toContainText("ipsec-policy=out,ipsec");
    await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
    await expect(page.getByTestId("save-outcome")).toContainText("Saved as revision 2");
    const saved = (await (await api.get(`/api/v1/rule-sets/${setId}`)).json()) as {
      content: { nat: { raw: { props: Record<string, string> } }[] };
    };
    expect(saved.content.nat[0].raw.props["ipsec-policy"]).toBe("out,ipsec");
  });
}
