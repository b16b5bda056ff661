import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

test("a token created in the UI works against the API, and is refused once revoked", async ({
  guardedPage: page,
  playwright,
  baseURL,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/settings");
  await page.getByLabel("Token name").fill("ci-deploy");
  await page.getByLabel("Token role").selectOption("operator");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^rmp_/);

  // A fresh client with no cookies: only the bearer token authenticates.
  const api = await playwright.request.newContext({ baseURL });
  const me = await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ username: ADMIN.username, role: "operator", via: "token" });

  // An operator token cannot manage tokens.
  const list = await api.get("/api/v1/tokens", { headers: { Authorization: `Bearer ${token}` } });
  expect(list.status()).toBe(403);

  // The secret is never shown again.
  await page.reload();
  await expect(page.getByTestId("token-row-ci-deploy")).toBeVisible();
  expect(await page.content()).not.toContain(token);

  await page.getByTestId("token-row-ci-deploy").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("token-row-ci-deploy").getByText("revoked")).toBeVisible();

  const after = await api.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error).toMatchObject({ code: "unauthorized" });
  await api.dispose();
});

test("the API validates bodies with field paths, and publishes an OpenAPI 3.1 document", async ({
  playwright,
  baseURL,
}) => {
  const api = await playwright.request.newContext({ baseURL });
  const health = await api.get("/api/v1/health");
  expect(await health.json()).toMatchObject({ status: "ok", database: "ok" });

  const doc = await (await api.get("/api/v1/openapi.json")).json();
  expect(doc.openapi).toBe("3.1.0");
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(["/api/v1/tokens", "/api/v1/tokens/{id}", "/api/v1/me", "/api/v1/health"]),
  );

  const anon = await api.post("/api/v1/tokens", { data: { name: "x", role: "viewer" } });
  expect(anon.status()).toBe(401);

  const adminToken = rampartCli(["token", "create", "--name", "e2e-admin", "--role", "admin"]);
  const bad = await api.post("/api/v1/tokens", {
    headers: { Authorization: `Bearer ${adminToken}` },
    data: { name: "", role: "root", expiresInDays: -3 },
  });
  expect(bad.status()).toBe(422);
  const body = await bad.json();
  expect(body.error.code).toBe("validation_failed");
  expect(body.error.issues).toEqual(
    expect.arrayContaining([
      { path: "name", message: "name is required" },
      { path: "role", message: "role must be admin, operator or viewer" },
      { path: "expiresInDays", message: "expiry must be 1-3650 days" },
    ]),
  );
  const notJson = await api.post("/api/v1/tokens", {
    headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
    data: Buffer.from("{oops"),
  });
  expect(notJson.status()).toBe(400);
  expect(JSON.stringify(await notJson.json())).not.toMatch(/at .*\.js|stack/i);

  const crossSite = await api.get("/api/v1/me", {
    headers: { Cookie: "rampart_session=whatever", Origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  await api.dispose();
});
