import { execFileSync } from "node:child_process";
import { test as base, expect, type Page } from "@playwright/test";

export const ADMIN = { username: "admin", password: "first-admin-pass-123" };

/** Runs the operator CLI against the e2e server's database. */
export function rampartCli(args: string[], env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, ["bin/rampart.mjs", ...args], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL!, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

export async function signIn(page: Page, username: string, password: string) {
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toHaveText(username);
}

/** Fails the test if any dialog opens unexpectedly or the page throws: XSS or a broken page shows up here. */
export const test = base.extend<{ guardedPage: Page }>({
  // Playwright's fixture callback is named `use` in its docs; `provide` keeps React's hook rule out of test code.
  guardedPage: async ({ page }, provide) => {
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("dialog", async (d) => {
      if (d.type() === "confirm") return d.accept();
      problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
      await d.dismiss();
    });
    await provide(page);
    expect(problems).toEqual([]);
  },
});
export { expect };
