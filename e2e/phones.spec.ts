import type { APIRequestContext, Page } from "@playwright/test";
import { ADMIN, expect, signIn, test } from "./fixtures";
import { adminApi, routerOsPeerForFile, routerOsRouterPushed, tcpRule } from "./router-setup";

// Every main page at a phone width (390 px) and a desktop width (1440 px): the navigation folds into a menu on the
// phone, nothing makes the page itself scroll sideways, and each page's heading and key controls are on screen.
// Screenshots land in test-results/phones/ for a person to look at; they are not committed.

const edge = routerOsPeerForFile({
  users: { admin: "phones-e2e-pw" },
  identity: "edge-phones",
  seed: { foreign: true },
});

/**
 * One router (a RouterOS peer), one rule set assigned to it, one finished push: every list has a row. Names carry
 * the width, so each width's test stands alone (a failed test restarts the worker).
 */
async function seed(api: APIRequestContext, name: string) {
  const { routerId, setId } = await routerOsRouterPushed(
    api,
    { name, port: edge.peer.port, password: "phones-e2e-pw", site: "lab" },
    `${name}-rules`,
    [tcpRule("rphone0001", 22, "ssh from anywhere, a long comment to wrap")],
  );
  const deps = await (await api.get(`/api/v1/deployments?routerId=${routerId}`)).json();
  return { routerId, setId, deploymentId: deps.deployments[0].id as string };
}

async function noPageOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, "the page itself scrolls sideways").toBeLessThanOrEqual(innerWidth);
}

async function inViewport(page: Page, locator: ReturnType<Page["locator"]>) {
  await locator.scrollIntoViewIfNeeded();
  await expect(locator).toBeInViewport();
  const box = (await locator.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x, "starts left of the screen").toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, "ends right of the screen").toBeLessThanOrEqual(width + 0.5);
}

async function shot(page: Page, width: number, name: string) {
  await page.screenshot({ path: `test-results/phones/${width}-${name}.png`, fullPage: true });
}

for (const width of [390, 1440]) {
  const phone = width < 768;
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: phone ? 844 : 900 } });

    test(`every main page fits ${width} px, with its heading and key controls on screen`, async ({
      guardedPage: page,
      playwright,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      await page.goto("/login");
      await noPageOverflow(page);
      await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
      await inViewport(page, page.getByRole("button", { name: "Sign in" }));
      await shot(page, width, "login");
      await signIn(page, ADMIN.username, ADMIN.password);
      const api = await adminApi(playwright, baseURL, `e2e-phones-${width}`);
      const name = `edge-phones-${width}`;
      const { routerId, setId, deploymentId } = await seed(api, name);

      const menu = page.getByRole("button", { name: "Menu" });
      const mainNav = page.getByRole("navigation", { name: "Main" });
      if (phone) {
        // Collapsed: a top bar with the product name, the links hidden until the menu opens.
        await expect(menu).toHaveAttribute("aria-expanded", "false");
        await expect(mainNav).toBeHidden();
        // Escape closes the menu and gives focus back to the button.
        await menu.click();
        await expect(menu).toHaveAttribute("aria-expanded", "true");
        await expect(page.locator(`#${await menu.getAttribute("aria-controls")}`)).toBeVisible();
        await page.keyboard.press("Escape");
        await expect(menu).toHaveAttribute("aria-expanded", "false");
        await expect(menu).toBeFocused();
        await expect(mainNav).toBeHidden();
      } else {
        await expect(menu).toBeHidden();
        await expect(mainNav).toBeVisible();
      }

      /** Goes to a main page through the navigation, as a user would: on the phone through the menu, which closes. */
      const navigate = async (label: string, heading: string | RegExp) => {
        if (phone) {
          await menu.click();
          await expect(menu).toHaveAttribute("aria-expanded", "true");
        }
        await mainNav.getByRole("link", { name: label, exact: true }).click();
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        if (phone) {
          await expect(menu).toHaveAttribute("aria-expanded", "false");
          await expect(mainNav).toBeHidden();
        }
        await noPageOverflow(page);
      };

      await navigate("Health", "Health");
      await inViewport(page, page.getByTestId(`health-row-${name}`).getByRole("link", { name }));
      await shot(page, width, "health");

      await navigate("Routers", "Routers");
      await inViewport(page, page.getByTestId(`router-row-${name}`).getByRole("link", { name }));
      await inViewport(page, page.getByRole("link", { name: "Add router" }));
      await shot(page, width, "routers");

      await navigate("Rule sets", "Rule sets");
      await inViewport(
        page,
        page.getByTestId(`rule-set-row-${name}-rules`).getByRole("link", { name: `${name}-rules` }),
      );
      await shot(page, width, "rule-sets");

      await navigate("Deployments", "Deployments");
      const dep = page.getByTestId("deployment-row").filter({ hasText: name }).first();
      await inViewport(page, dep.getByRole("link").first());
      // The outcome is what a user opens this page for: on a phone too, it is on screen, not off to the right.
      await inViewport(page, dep.getByTestId("deployment-status"));
      await shot(page, width, "deployments");

      await navigate("History", "History");
      await shot(page, width, "history");

      await navigate("Audit log", "Audit log");
      await inViewport(page, page.getByTestId("audit-row").first().locator("td").first());
      await shot(page, width, "audit");

      await navigate("Settings", "Settings");
      await shot(page, width, "settings");

      // Pages reached from the lists.
      await page.goto(`/routers/${routerId}`);
      await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
      await noPageOverflow(page);
      await shot(page, width, "router");

      await page.goto(`/deployments/${deploymentId}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByTestId("deployment-steps")).toBeVisible();
      await noPageOverflow(page);
      await shot(page, width, "deployment");

      // The editor: the rule list, then the rule panel, which on a phone takes the full width below or over it.
      await page.goto(`/rule-sets/${setId}`);
      await expect(page.getByRole("heading", { level: 1, name: `${name}-rules` })).toBeVisible();
      await noPageOverflow(page);
      await inViewport(page, page.getByRole("button", { name: "Add rule" }));
      await shot(page, width, "editor");
      await page.getByRole("button", { name: "Add rule" }).click();
      const panel = page.getByTestId("rule-panel");
      await expect(panel).toBeVisible();
      await noPageOverflow(page);
      await inViewport(page, panel.getByLabel("Comment"));
      await inViewport(page, panel.getByRole("button", { name: "Add to table" }));
      await shot(page, width, "editor-panel");

      // Push page: preview, the push button on screen, then the live progress readable to done.
      await page.goto(`/rule-sets/${setId}/push`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await noPageOverflow(page);
      await page.getByRole("button", { name: "Preview 1 router" }).click();
      const pushButton = page.getByTestId("push-button");
      await expect(pushButton).toBeVisible();
      await inViewport(page, pushButton);
      await noPageOverflow(page);
      await shot(page, width, "push");
      if (await pushButton.isEnabled()) {
        await pushButton.click();
        const progress = page.getByTestId("batch-progress");
        await expect(progress).toHaveAttribute("data-state", "done", { timeout: 30_000 });
        await inViewport(
          page,
          page.getByTestId("batch-row").filter({ hasText: name }).first().getByTestId("deployment-status"),
        );
        await noPageOverflow(page);
        await shot(page, width, "push-progress");
      }
      await api.dispose();
    });
  });
}
