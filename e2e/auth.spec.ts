import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

test("wrong password gets one generic message; login and logout work; logout ends the session on the server", async ({
  guardedPage: page,
  context,
}) => {
  await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Wrong username or password.");

  await page.getByLabel("Username", { exact: true }).fill("nobody-here");
  await page.getByLabel("Password", { exact: true }).fill("whatever-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Wrong username or password.");

  await signIn(page, ADMIN.username, ADMIN.password);
  const cookie = (await context.cookies()).find((c) => c.name === "rampart_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // Replaying the old cookie after logout must not work: the server forgot the session.
  await context.addCookies([{ ...cookie!, sameSite: "Lax" }]);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login$/);
});

test("a viewer is refused admin actions by the server, not only by hidden buttons", async ({
  guardedPage: page,
  browser,
  baseURL,
  request,
}) => {
  rampartCli(["user", "create", "--username", "vera", "--role", "viewer"], { RAMPART_PASSWORD: "viewer-pass-1234" });
  await signIn(page, "vera", "viewer-pass-1234");
  await page.goto("/settings");
  await expect(page.getByRole("button", { name: "Create token" })).toHaveCount(0);
  const viewerCookies = await page.context().cookies();

  // An admin's settings page is loaded, then its cookie is swapped for the viewer's: submitting the form now
  // calls the create-token server action directly with a viewer session. Only the server can refuse it.
  const adminContext = await browser.newContext({ baseURL });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, ADMIN.username, ADMIN.password);
  await adminPage.goto("/settings");
  await adminContext.clearCookies();
  await adminContext.addCookies(viewerCookies);
  await adminPage.getByLabel("Token name").fill("viewer-made");
  await adminPage.getByLabel("Token role").selectOption("admin");
  await adminPage.getByRole("button", { name: "Create token" }).click();
  await expect(adminPage.getByTestId("form-message")).toHaveText("This needs the admin role; you are viewer.");
  await expect(adminPage.getByTestId("new-token")).toHaveCount(0);
  await adminContext.close();

  // The API refuses the viewer's session for admin endpoints too.
  const api = await request.get("/api/v1/tokens", {
    headers: { Cookie: viewerCookies.map((c) => `${c.name}=${c.value}`).join("; ") },
  });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("forbidden");

  // Nothing was created.
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/settings");
  await expect(page.getByTestId("token-row-viewer-made")).toHaveCount(0);
});

test("repeated wrong passwords for one account are slowed down with a clear wait time", async ({
  guardedPage: page,
}) => {
  rampartCli(["user", "create", "--username", "throttled", "--role", "viewer"], {
    RAMPART_PASSWORD: "throttled-pass-123",
  });
  for (let i = 0; i < 5; i++) {
    await page.goto("/login");
    await page.getByLabel("Username", { exact: true }).fill("throttled");
    await page.getByLabel("Password", { exact: true }).fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-message")).toHaveText("Wrong username or password.");
  }
  await page.goto("/login");
  await page.getByLabel("Username", { exact: true }).fill("throttled");
  await page.getByLabel("Password", { exact: true }).fill("throttled-pass-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-message")).toHaveText(/^Too many failed sign-ins\. Try again in \d+ s\.$/);
  await expect(page).toHaveURL(/\/login/);
});
