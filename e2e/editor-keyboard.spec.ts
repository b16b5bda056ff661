import type { Page } from "@playwright/test";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

/**
 * Issue #21 item 5, as a user checks it at 1440 and 390 px: a new rule goes above the focused one (not below the
 * final drop), "move selected to…", address-list members on hover, Ctrl+S saves, Ctrl+Z undoes, the drawer keeps
 * and returns focus, a skip link, "Preview push" after a save and after a revert, and the shell's unpushed badge.
 */
const SHOTS = process.env.E2E_SHOTS_DIR;
const comments = (page: Page) => page.getByTestId("rule-comment").allTextContents();

async function addRule(page: Page, comment: string, opts: { list?: boolean; drop?: boolean } = {}) {
  await page.getByRole("button", { name: "Add rule" }).click();
  const panel = page.getByTestId("rule-panel");
  if (opts.list) await panel.getByTestId("src-field").getByRole("radio", { name: "Address list" }).click();
  if (opts.drop) await panel.getByLabel("Action", { exact: true }).selectOption("drop");
  await panel.getByLabel("Comment").fill(comment);
  await panel.getByRole("button", { name: "Add to table" }).click();
  await expect(panel).toHaveCount(0);
}

for (const [label, viewport] of [
  ["1440", { width: 1440, height: 900 }],
  ["390", { width: 390, height: 844 }],
] as const) {
  test.describe(`editor keyboard at ${label} px`, () => {
    test.use({ viewport });

    test("insert above, move to, list members, Ctrl+S, Ctrl+Z, focus, skip link, push offers", async ({
      guardedPage: page,
      playwright,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      await signIn(page, ADMIN.username, ADMIN.password);
      const name = `e2e keys ${label}`;
      await page.goto("/rule-sets/new");
      await page.getByLabel("Name", { exact: true }).fill(name);
      await page.getByRole("button", { name: "Create rule set" }).click();
      // "/rule-sets/new" matches [a-z0-9]+ too: wait for the editor's heading before reading the id.
      await expect(page).toHaveURL(/\/rule-sets\/(?!new$)[a-z0-9]+$/);
      await expect(page.getByRole("heading", { name })).toBeVisible();
      const url = new URL(page.url()).pathname;
      const ruleSetId = url.split("/").at(-1)!;

      await page.getByRole("tab", { name: /Address lists/ }).click();
      await page.getByLabel("New address list").fill("lab");
      await page.getByRole("button", { name: "Add list" }).click();
      const lab = page.getByTestId("address-list-lab");
      await lab.getByLabel("New address for lab").fill("10.1.0.0/16");
      await lab.getByRole("button", { name: "Add entry" }).click();
      await expect(lab.getByText("10.1.0.0/16")).toBeVisible();
      await page.getByRole("tab", { name: /Rules/ }).click();

      await addRule(page, "from lab", { list: true });
      await addRule(page, "final drop", { drop: true });
      expect(await comments(page)).toEqual(["from lab", "final drop"]);

      // Ctrl+S saves (with the message typed in the bar), and the page offers the push preview.
      await page.getByLabel("Save message").fill("lab and drop");
      await page.getByLabel("Save message").press("Control+s");
      await expect(page.getByTestId("save-outcome")).toContainText(/Saved as revision \d+/);
      await expect(page.getByTestId("offer-preview-push")).toBeVisible();

      // A new rule with the final drop focused goes above it, where it can match.
      await page.getByTestId("rule-row").nth(1).focus();
      await page.getByRole("button", { name: "Add rule" }).click();
      const panel = page.getByTestId("rule-panel");
      await expect(panel.getByLabel("Insert position")).toHaveValue("above");
      // The drawer keeps focus inside however far Tab goes, and gives it back to "Add rule" on close.
      for (let i = 0; i < 40; i++) await page.keyboard.press("Tab");
      expect(await panel.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      for (let i = 0; i < 5; i++) await page.keyboard.press("Shift+Tab");
      expect(await panel.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      await panel.getByLabel("Comment").fill("web");
      await panel.getByRole("button", { name: "Add to table" }).click();
      await expect(panel).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Add rule" })).toBeFocused();
      expect(await comments(page)).toEqual(["from lab", "web", "final drop"]);

      // Ctrl+Z undoes the last edit (the insert), not the save.
      await page.keyboard.press("Control+z");
      await expect(page.getByTestId("rule-comment")).toHaveText(["from lab", "final drop"]);
      await expect(page.getByTestId("saved-state")).toBeVisible();

      // Address-list members on hover.
      await page.getByTestId("rule-row").first().getByTestId("list-chip").hover();
      await expect(page.getByTestId("list-members")).toContainText("10.1.0.0/16");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/editor-list-hover-${label}.png` });

      // Move selected to a position; a position outside the table is refused at the field.
      await page.getByRole("checkbox", { name: "Select rule 2" }).click();
      const move = page.getByTestId("move-selected");
      await move.getByLabel(/Move the selected rule to position/).fill("9");
      await move.getByRole("button", { name: "Move" }).click();
      await expect(move.locator('[data-field-error="position"]')).toHaveText(
        "position must be a whole number from 1 to 2",
      );
      await move.getByLabel(/Move the selected rule to position/).fill("1");
      await move.getByRole("button", { name: "Move" }).click();
      await expect(page.getByTestId("rule-comment")).toHaveText(["final drop", "from lab"]);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/editor-moved-${label}.png` });
      await page.keyboard.press("Control+z");
      await expect(page.getByTestId("rule-comment")).toHaveText(["from lab", "final drop"]);

      // The skip link is the first stop of the keyboard and lands on the page's content.
      await page.goto(url);
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to content" });
      await expect(skip).toBeFocused();
      await page.keyboard.press("Enter");
      await expect(page.locator("#main")).toBeFocused();

      // Assigned to a router that has never received it: the shell says a rule set is unpushed.
      const token = rampartCli(["token", "create", "--name", `e2e-keys-${label}`, "--role", "admin"]);
      const api = await playwright.request.newContext({
        baseURL,
        extraHTTPHeaders: { Authorization: `Bearer ${token}` },
      });
      const router = await api.post("/api/v1/routers", {
        data: {
          name: `keys-${label}`,
          vendor: "mikrotik",
          host: "127.0.0.1",
          port: 1,
          transport: "api",
          username: "admin",
          password: "never-used-pw",
          site: "",
        },
      });
      expect(router.status()).toBe(201);
      const routerId = ((await router.json()) as { id: string }).id;
      const assigned = await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId } });
      expect(assigned.status(), await assigned.text()).toBe(200);
      await page.goto(`${url}/history`);
      await expect(page.getByTestId("unpushed-badge").filter({ visible: true })).toContainText(/unpushed/);

      // After a revert, the same offer.
      await page.getByRole("button", { name: "Revert to #1" }).click();
      const offer = page.getByTestId("offer-preview-push");
      await expect(offer).toBeVisible();
      // on a phone too, without scrolling the table sideways to find it
      await expect(offer).toBeInViewport();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/history-revert-offer-${label}.png`, fullPage: true });
      await offer.click();
      await expect(page).toHaveURL(new RegExp(`/rule-sets/${ruleSetId}/push$`));
    });
  });
}
