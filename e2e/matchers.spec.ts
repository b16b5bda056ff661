import type { Page } from "@playwright/test";
import { ADMIN, expect, signIn, test } from "./fixtures";

// Issue #20: an ICMP-type rule added in the rule panel, with a bad type refused at its chip, at a desktop and a
// phone width. Screenshots land in test-results/matchers/.

async function createRuleSet(page: Page, name: string) {
  await page.goto("/rule-sets/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create rule set" }).click();
  await expect(page).toHaveURL(/\/rule-sets\/[a-z0-9]+$/);
}

for (const width of [1440, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: width < 768 ? 844 : 900 } });

    test(`add an ICMP-type rule in the panel; a bad type is refused at its chip (${width} px)`, async ({
      guardedPage: page,
    }) => {
      await signIn(page, ADMIN.username, ADMIN.password);
      await createRuleSet(page, `e2e matchers ${width}`);
      await page.getByRole("button", { name: "Add rule" }).click();
      const panel = page.getByTestId("rule-panel");
      await panel.locator("#rule-family").selectOption("ipv4");
      await panel.locator("#rule-protocol").selectOption("icmp");

      const types = panel.locator("#rule-icmpTypes");
      await types.fill("echo-requst");
      await types.press("Enter");
      await panel.getByRole("button", { name: "+ destination-unreachable" }).click();
      await panel.getByRole("button", { name: "Add to table" }).click();
      await expect(panel.getByText(/'echo-requst' is not an ICMP type/)).toBeVisible();
      await page.screenshot({ path: `test-results/matchers/${width}-bad-type.png`, fullPage: true });

      // remove the misspelt chip, add the right one, and a TTL and a rate limit
      await panel.getByRole("button", { name: /remove echo-requst/i }).click();
      await types.fill("echo-request");
      await types.press("Enter");
      await panel.locator("#rule-ttl-op").selectOption("greater-than");
      await panel.getByLabel("TTL value").fill("1");
      await panel.getByLabel("Match at most").check();
      await panel.getByLabel("Comment").fill("ping from anywhere");
      await page.screenshot({ path: `test-results/matchers/${width}-panel.png`, fullPage: true });
      await panel.getByRole("button", { name: "Add to table" }).click();
      await expect(panel).toHaveCount(0);

      await expect(page.getByTestId("rule-sentence")).toHaveText([
        "accept ipv4 icmp type destination-unreachable, echo-request from any to any on input with TTL > 1 at most 10/second (burst 5)",
      ]);
      await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
      await expect(page.getByTestId("save-outcome")).toContainText(/Saved as revision \d+/);
      await page.reload();
      await expect(page.getByTestId("rule-sentence")).toHaveText([
        "accept ipv4 icmp type destination-unreachable, echo-request from any to any on input with TTL > 1 at most 10/second (burst 5)",
      ]);
      await page.screenshot({ path: `test-results/matchers/${width}-saved.png`, fullPage: true });
    });
  });
}
