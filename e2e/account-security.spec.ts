import type { Browser, BrowserContext, Page } from "@playwright/test";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

/**
 * Issue #16: what an outside attacker tried against accounts, sent again here over real HTTP to the real server.
 * Each context has its own client address (the server trusts X-Forwarded-For from loopback in e2e), so the
 * failed sign-ins here do not use up the sign-in budget of the address the other specs share.
 */

let address = 10;
async function client(browser: Browser, baseURL: string | undefined): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Forwarded-For": `198.51.100.${address++}` },
  });
  const page = await context.newPage();
  page.on("dialog", (d) => void d.accept());
  return { context, page };
}

const blankSet = (name: string) => ({ source: "blank", name, description: "" });

// Each of these signs in several times (argon2 each) in several browser contexts: minutes on a loaded machine.
test.describe.configure({ timeout: 240_000 });

test("signing in with a hostile next= stays on the site", async ({ browser, baseURL }) => {
  const { context, page } = await client(browser, baseURL);
  for (const next of [
    "/.//evil.example",
    "/.//evil.example/rule-sets",
    "/%2F%2Fevil.example",
    "/.%2F%2Fevil.example",
    "/\t/evil.example",
    "/..//evil.example",
  ]) {
    await context.clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Username", { exact: true }).fill(ADMIN.username);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("current-user")).toHaveText(ADMIN.username);
    expect(new URL(page.url()).host, next).toBe(new URL(baseURL!).host);
    await expect(page).toHaveURL(/\/rule-sets$/);
  }
  // A local next= still works.
  await context.clearCookies();
  await page.goto(`/login?next=${encodeURIComponent("/settings")}`);
  await page.getByLabel("Username", { exact: true }).fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await context.close();
});

test("a demoted admin's token loses write rights at once, a disabled owner's token is refused, a reset ends sessions and tokens", async ({
  browser,
  baseURL,
  request,
}, testInfo) => {
  rampartCli(["user", "create", "--username", "dana", "--role", "admin"], { RAMPART_PASSWORD: "dana-first-pass-1" });
  const token = rampartCli(["token", "create", "--name", "dana-ci", "--role", "operator", "--owner", "dana"]);
  const bearer = { Authorization: `Bearer ${token}` };
  expect((await request.post("/api/v1/rule-sets", { headers: bearer, data: blankSet("dana-1") })).status()).toBe(201);

  const admin = await client(browser, baseURL);
  await signIn(admin.page, ADMIN.username, ADMIN.password);
  await admin.page.goto("/settings");
  const row = admin.page.getByTestId("user-row-dana");
  await row.getByLabel("Role of dana").selectOption("viewer");
  await row.getByRole("button", { name: "Set" }).click();
  await expect(row.getByText("Role changed; the user's sessions were ended.")).toBeVisible();

  // The attacker's request: a write with the operator token the demoted admin made.
  const refused = await request.post("/api/v1/rule-sets", { headers: bearer, data: blankSet("dana-2") });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("forbidden");
  expect((await (await request.get("/api/v1/me", { headers: bearer })).json()).role).toBe("viewer");
  await expect(admin.page.getByTestId("token-row-dana-ci")).toContainText("acts as viewer: dana is viewer now");

  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByText("disabled")).toBeVisible();
  expect((await request.get("/api/v1/me", { headers: bearer })).status()).toBe(401);
  await expect(admin.page.getByTestId("token-row-dana-ci")).toContainText("refused: dana is disabled");
  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByText("active")).toBeVisible();
  expect((await request.get("/api/v1/me", { headers: bearer })).status()).toBe(200);

  // Dana signs in somewhere; then an admin resets her password from her row.
  const dana = await client(browser, baseURL);
  await signIn(dana.page, "dana", "dana-first-pass-1");
  await row.getByRole("link", { name: "Reset the password of dana" }).click();
  const form = admin.page.getByRole("form", { name: "Reset a user's password" });
  await expect(form.getByLabel("User").locator("option:checked")).toHaveText("dana");
  await form.getByLabel("New password for this user").fill("dana-second-pass-1");
  await form.getByLabel("New password again").fill("dana-second-pass-2");
  await form.getByRole("button", { name: "Reset password" }).click();
  await expect(form.getByText("passwords do not match")).toBeVisible();
  for (const width of [1440, 390]) {
    await admin.page.setViewportSize({ width, height: 900 });
    await admin.page.screenshot({ path: testInfo.outputPath(`reset-password-errors-${width}.png`), fullPage: true });
  }
  await admin.page.setViewportSize({ width: 1280, height: 720 });
  await form.getByLabel("New password for this user").fill("dana-second-pass-1");
  await form.getByLabel("New password again").fill("dana-second-pass-1");
  await form.getByRole("button", { name: "Reset password" }).click();
  await expect(form.getByTestId("form-message")).toHaveText(
    "Password of 'dana' reset: 1 session(s) ended, 1 API token(s) revoked.",
  );

  // Her old session and her token are refused; the old password too; the new one works.
  await dana.page.goto("/settings");
  await expect(dana.page).toHaveURL(/\/login$/);
  expect((await request.get("/api/v1/me", { headers: bearer })).status()).toBe(401);
  await dana.page.getByLabel("Username", { exact: true }).fill("dana");
  await dana.page.getByLabel("Password", { exact: true }).fill("dana-first-pass-1");
  await dana.page.getByRole("button", { name: "Sign in" }).click();
  await expect(dana.page.getByTestId("form-message")).toHaveText("Wrong username or password.");
  await signIn(dana.page, "dana", "dana-second-pass-1");

  await admin.page.goto("/audit?q=dana");
  await expect(
    admin.page.getByText("Reset the password of 'dana'; 1 session(s) ended, 1 API token(s) revoked").first(),
  ).toBeVisible();
  await admin.context.close();
  await dana.context.close();
});

test("change my password: field errors, then the change ends my other sessions and keeps this one", async ({
  browser,
  baseURL,
}, testInfo) => {
  rampartCli(["user", "create", "--username", "milo", "--role", "viewer"], { RAMPART_PASSWORD: "milo-first-pass-1" });
  const here = await client(browser, baseURL);
  const elsewhere = await client(browser, baseURL);
  await signIn(here.page, "milo", "milo-first-pass-1");
  await signIn(elsewhere.page, "milo", "milo-first-pass-1");
  await here.page.goto("/settings");
  const form = here.page.getByRole("form", { name: "Change my password" });
  const submit = () => form.getByRole("button", { name: "Change password" }).click();

  await submit();
  await expect(form.getByText("current password is required")).toBeVisible();
  await expect(form.getByText("password must be at least 12 characters")).toBeVisible();

  await form.getByLabel("Current password").fill("not-milos-password");
  await form.getByLabel("New password", { exact: true }).fill("milo-second-pass-1");
  await form.getByLabel("New password again").fill("milo-second-pass-1");
  await submit();
  await expect(form.getByText("current password is wrong")).toBeVisible();
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Current password").fill("milo-first-pass-1");
  await form.getByLabel("New password", { exact: true }).fill("milo-second-pass-1");
  await form.getByLabel("New password again").fill("milo-second-pass-x");
  await submit();
  await expect(form.getByText("passwords do not match")).toBeVisible();
  for (const width of [1440, 390]) {
    await here.page.setViewportSize({ width, height: 900 });
    await form.scrollIntoViewIfNeeded();
    await here.page.screenshot({ path: testInfo.outputPath(`change-password-errors-${width}.png`), fullPage: true });
  }
  await here.page.setViewportSize({ width: 1280, height: 720 });

  await form.getByLabel("Current password").fill("milo-first-pass-1");
  await form.getByLabel("New password", { exact: true }).fill("milo-second-pass-1");
  await form.getByLabel("New password again").fill("milo-second-pass-1");
  await submit();
  await expect(form.getByTestId("form-message")).toHaveText("Password changed. 1 other session(s) were signed out.");

  // This browser is still signed in (a fresh session); the other one is signed out.
  await here.page.reload();
  await expect(here.page.getByTestId("current-user")).toHaveText("milo");
  await elsewhere.page.goto("/settings");
  await expect(elsewhere.page).toHaveURL(/\/login$/);
  await signIn(elsewhere.page, "milo", "milo-second-pass-1");
  await here.context.close();
  await elsewhere.context.close();
});

test("password endpoints: a session changes its own, a token cannot; an admin resets another user's and their tokens stop", async ({
  browser,
  baseURL,
  request,
}) => {
  rampartCli(["user", "create", "--username", "nora", "--role", "admin"], { RAMPART_PASSWORD: "nora-first-pass-1" });
  const noraToken = rampartCli(["token", "create", "--name", "nora-ci", "--role", "viewer", "--owner", "nora"]);
  const adminToken = rampartCli(["token", "create", "--name", "pw-admin", "--role", "admin"]);
  const nora = await client(browser, baseURL);
  await signIn(nora.page, "nora", "nora-first-pass-1");

  const viaToken = await request.post("/api/v1/me/password", {
    headers: { Authorization: `Bearer ${noraToken}` },
    data: { currentPassword: "nora-first-pass-1", newPassword: "nora-token-pass-1" },
  });
  expect(viaToken.status()).toBe(403);

  const wrong = await nora.page.request.post("/api/v1/me/password", {
    data: { currentPassword: "wrong-password-1", newPassword: "nora-second-pass-1" },
  });
  expect(wrong.status()).toBe(422);
  expect((await wrong.json()).error.issues).toEqual([
    { path: "currentPassword", message: "current password is wrong" },
  ]);
  const short = await nora.page.request.post("/api/v1/me/password", {
    data: { currentPassword: "nora-first-pass-1", newPassword: "short" },
  });
  expect(short.status()).toBe(422);
  expect((await short.json()).error.issues).toEqual([
    { path: "newPassword", message: "password must be at least 12 characters" },
  ]);
  const changed = await nora.page.request.post("/api/v1/me/password", {
    data: { currentPassword: "nora-first-pass-1", newPassword: "nora-second-pass-1" },
  });
  expect(changed.status(), await changed.text()).toBe(200);
  expect(await changed.json()).toEqual({ sessionsEnded: 0 });
  expect((await nora.page.request.get("/api/v1/me")).status()).toBe(200);
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${noraToken}` } })).status()).toBe(200);

  const admin = { Authorization: `Bearer ${adminToken}` };
  const users = (await (await request.get("/api/v1/users", { headers: admin })).json()).users as {
    id: string;
    username: string;
  }[];
  const noraId = users.find((u) => u.username === "nora")!.id;
  const adminId = users.find((u) => u.username === ADMIN.username)!.id;
  expect(
    (
      await request.post(`/api/v1/users/${adminId}/password`, {
        headers: admin,
        data: { newPassword: "admin-self-reset-1" },
      })
    ).status(),
  ).toBe(400);
  expect(
    (
      await request.post(`/api/v1/users/${noraId}/password`, {
        headers: { Authorization: `Bearer ${noraToken}` },
        data: { newPassword: "nora-by-viewer-1" },
      })
    ).status(),
  ).toBe(403);
  const reset = await request.post(`/api/v1/users/${noraId}/password`, {
    headers: admin,
    data: { newPassword: "nora-third-pass-1" },
  });
  expect(reset.status(), await reset.text()).toBe(200);
  expect(await reset.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
  expect((await nora.page.request.get("/api/v1/me")).status()).toBe(401);
  expect((await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${noraToken}` } })).status()).toBe(401);
  await signIn(nora.page, "nora", "nora-third-pass-1");
  await nora.context.close();
});
