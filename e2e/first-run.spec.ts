import { ADMIN, expect, test } from "./fixtures";

test("a new install asks for the first admin, then signs them in", async ({ guardedPage: page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();

  // Bad input: messages at the fields, nothing created.
  await page.getByLabel("Admin username").fill("ab");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Repeat password").fill("different");
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.locator('[data-field-error="username"]')).toHaveText("username must be 3-64 characters");
  await expect(page.locator('[data-field-error="password"]')).toHaveText("password must be at least 12 characters");
  await expect(page.getByLabel("Admin username")).toHaveValue("ab");

  await page.getByLabel("Admin username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Repeat password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page).toHaveURL(/\/rule-sets$/);
  await expect(page.getByTestId("current-user")).toHaveText(ADMIN.username);
  for (const label of ["Rule sets", "Routers", "Health", "Deployments", "History", "Settings"]) {
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label })).toBeVisible();
  }

  // The setup page is closed for good once an admin exists.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
});
