import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

// Issue #20 item 1: the "Interface roles" section of a router's page, proposals read from a RouterOS peer with a
// default configuration (its rules name the LAN and WAN interface lists), one click to use one, at 1440 and 390 px.
let peer: RouterOsPeer;

test.beforeAll(async () => {
  peer = await startRouterOsPeer({ users: { admin: "roles-e2e-pw" }, seed: { defconf: true } });
});

test.afterAll(async () => {
  await peer?.close();
});

for (const width of [1440, 390]) {
  test(`router page at ${width} px: propose roles from the router, use one in one click, the API reads it back`, async ({
    guardedPage: page,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, ADMIN.username, ADMIN.password);
    const token = rampartCli(["token", "create", "--name", `e2e-roles-${width}`, "--role", "admin"]);
    const api = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${token}` },
    });
    const created = await api.post("/api/v1/routers", {
      data: {
        name: `ros-roles-${width}`,
        vendor: "mikrotik",
        host: "127.0.0.1",
        port: peer.port,
        transport: "api",
        username: "admin",
        password: "roles-e2e-pw",
        site: "",
        tags: [],
        notes: "",
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;

    await page.goto(`/routers/${id}`);
    const section = page.getByTestId("router-roles");
    await expect(section.getByText("No roles mapped yet.")).toBeVisible();
    await section.getByRole("button", { name: "Propose from the router" }).click();
    const proposals = section.getByRole("list", { name: "Proposed roles" });
    await expect(proposals.getByText("interface list", { exact: false }).first()).toBeVisible();
    await expect(proposals).toContainText("role lan → interface list LAN");
    await expect(proposals).toContainText("role wan → interface list WAN");
    await section.getByRole("button", { name: "Use role lan as LAN" }).click();
    await expect(section.getByTestId("form-message")).toHaveText("Interface roles saved.");
    await expect(section.getByLabel("Role", { exact: true }).first()).toHaveValue("lan");
    await expect(proposals).toContainText("(mapped)");
    await page.screenshot({ path: `test-results/roles-${width}.png`, fullPage: true });

    const read = await api.get(`/api/v1/routers/${id}/roles`);
    expect(await read.json()).toEqual({ roles: [{ role: "lan", target: { kind: "interface-list", name: "LAN" } }] });
    // The page still fits the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    // A name the router cannot hold is refused at its field, and nothing is saved.
    await section.getByRole("button", { name: "Add role" }).click();
    await section.getByLabel("Role", { exact: true }).nth(1).fill("wan");
    await section.getByLabel("Name on the router").nth(1).fill("bad name");
    await section.getByRole("button", { name: "Save roles" }).click();
    await expect(section.locator('[data-field-error="role-1-name"]')).toContainText("letters, digits");
    expect(await (await api.get(`/api/v1/routers/${id}/roles`)).json()).toEqual({
      roles: [{ role: "lan", target: { kind: "interface-list", name: "LAN" } }],
    });
    await api.dispose();
  });
}
