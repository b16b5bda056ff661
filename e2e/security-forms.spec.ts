import type { Locator, Page } from "@playwright/test";
import { WEB_PAYLOADS, XSS_MARKER } from "../tests/security/payloads";
import { ADMIN, expect, signIn, test } from "./fixtures";

/**
 * Every form in the UI gets the XSS payloads typed into every text field. guardedPage fails the test on any
 * dialog or page error (a script that ran); each page is also checked for elements created from typed data
 * (`[data-xss]`), which a CSP would not catch. Values the app accepts must come back as visible text.
 */

const XSS = WEB_PAYLOADS.filter((p) => p.cls.startsWith("xss") || p.cls.endsWith("breakout")).map((p) => p.value);
const pick = (i: number) => XSS[i % XSS.length];

async function noInjectedMarkup(page: Page, where: string) {
  await page.waitForLoadState("networkidle").catch(() => {});
  expect(await page.locator(XSS_MARKER).count(), `${where}: an element was created from typed data`).toBe(0);
  expect(
    await page.locator('a[href^="javascript:" i], iframe, object, embed').count(),
    `${where}: javascript: link or frame`,
  ).toBe(0);
}

/** Types a payload into every visible, editable text field of `scope` (inputs, textareas), rotating payloads. */
async function typeEverywhere(scope: Locator, offset = 0): Promise<number> {
  const fields = scope.locator(
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]):not([type=number]):not([disabled]), textarea:not([disabled])",
  );
  const n = await fields.count();
  for (let i = 0; i < n; i++) {
    const f = fields.nth(i);
    if (!(await f.isVisible()) || !(await f.isEditable())) continue;
    await f.fill(pick(i + offset));
  }
  return n;
}

test("sign-in form: payloads as username and password are refused as text; the next= redirect stays local", async ({
  browser,
  baseURL,
}) => {
  // Its own client address: failed sign-ins here must not throttle the other specs' shared one.
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.23" } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("dialog", (d) => void (problems.push(`dialog: ${d.message()}`), d.dismiss()));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));

  for (const [i, payload] of XSS.slice(0, 3).entries()) {
    await page.goto(`/login?next=${encodeURIComponent(pick(i + 3))}`);
    await page.getByLabel("Username", { exact: true }).fill(payload);
    await page.getByLabel("Password", { exact: true }).fill(pick(i + 1));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-message")).toHaveText("Wrong username or password.");
    // The refused username is typed back into the field as a value, not as markup.
    await expect(page.getByLabel("Username", { exact: true })).toHaveValue(payload);
    await noInjectedMarkup(page, "/login");
  }

  // Open-redirect and javascript: URLs in next= are ignored after a real sign-in.
  for (const next of ["javascript:alert('next')", "//evil.example/x", "/\\evil.example", "https://evil.example/"]) {
    await context.clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Username", { exact: true }).fill(ADMIN.username);
    await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/rule-sets$/);
    expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
  }
  expect(problems).toEqual([]);
  await context.close();
});

test("setup form is closed once an admin exists, whatever is posted to it", async ({ guardedPage: page }) => {
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
});

test("settings: user and token forms take payloads as text", async ({ guardedPage: page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/settings");

  // Users: a payload username breaks the username rule and is refused at the field.
  await page.getByLabel("Username", { exact: true }).fill(pick(0));
  await page.getByLabel("Initial password").fill(pick(1));
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText("username may use only letters, digits and . _ @ -")).toBeVisible();
  await noInjectedMarkup(page, "/settings users");

  // Every form on the page with a text field (users, tokens, and any added later): payloads everywhere, submit.
  await page.reload();
  const forms = page
    .locator("form")
    .filter({ has: page.locator("input[type=text], input:not([type]), input[type=password], textarea") });
  const count = await forms.count();
  expect(count).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < count; i++) {
    const form = forms.nth(i);
    await typeEverywhere(form, i);
    await form.locator("button[type=submit], button:not([type])").first().click();
    // Refused at a field, or accepted with a message: either way the form answered.
    await expect(
      form
        .locator("[role=alert], [role=status], [data-field-error], [data-testid=form-message], [data-testid=new-token]")
        .first(),
    ).toBeVisible();
    await noInjectedMarkup(page, `/settings form ${i}`);
  }

  // Tokens: names are free text; the payload is stored and listed as text.
  for (const [i, name] of XSS.slice(0, 4).entries()) {
    await page.getByLabel("Token name").fill(name);
    await page.getByLabel("Expires in (days)").fill(i === 0 ? "NaN" : "7");
    await page.getByRole("button", { name: "Create token" }).click();
    if (i === 0) {
      const tokenForm = page.locator("form").filter({ has: page.getByLabel("Token name") });
      await expect(tokenForm.getByText("Check the highlighted fields.")).toBeVisible();
      await expect(page.getByTestId("new-token")).toHaveCount(0);
      await page.getByLabel("Expires in (days)").fill("7");
      await page.getByRole("button", { name: "Create token" }).click();
    }
    await expect(page.getByTestId("new-token")).toBeVisible();
    await page.reload();
    await expect(page.getByText(name, { exact: true }).first()).toBeVisible();
    await noInjectedMarkup(page, "/settings tokens");
  }
});

test("router form: every field gets a payload; refused at the fields or stored and shown as text", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/routers/new");
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add router" }) });
  await typeEverywhere(form);
  await page.getByRole("button", { name: "Add router" }).click();
  await expect(page.locator('[data-field-error="host"]')).toBeVisible();
  await noInjectedMarkup(page, "/routers/new refused");

  // Fix only what must be fixed (host, tags); the rest stays a payload and is saved literally.
  await page.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill("8728");
  const tags = page.getByLabel("Tags", { exact: true });
  if (await tags.count()) await tags.fill("lab");
  const name = "<img src=x data-xss onerror=alert('router-name')>";
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Username", { exact: true }).fill("ad'min\"><b data-xss>u</b>");
  await page.getByRole("button", { name: "Add router" }).click();
  await expect(page, (await page.locator("[data-field-error]").allTextContents()).join("; ")).toHaveURL(
    /\/routers\/[a-z0-9]+$/,
    { timeout: 15_000 },
  );
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await noInjectedMarkup(page, "router page");
  const routerUrl = page.url();
  for (const url of ["/routers", "/health"]) {
    await page.goto(url);
    await expect(page.getByText(name, { exact: true }).first(), url).toBeVisible();
    await noInjectedMarkup(page, url);
  }
  // The edit form shows the stored values back as field values.
  await page.goto(`${routerUrl}/edit`);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await noInjectedMarkup(page, "router edit");
});

test("rule sets: new, template, import, editor rule fields, save message and address lists take payloads as text", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);

  // New (blank): name and description.
  await page.goto("/rule-sets/new");
  const name = "<svg data-xss onload=alert('set')>";
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description (optional)").fill(pick(3));
  await page.getByRole("button", { name: "Create rule set" }).click();
  await expect(page).toHaveURL(/\/rule-sets\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await noInjectedMarkup(page, "editor");
  const editorUrl = page.url();

  // Editor: every text field of the rule panel.
  await page.getByRole("button", { name: "Add rule" }).click();
  const panel = page.getByTestId("rule-panel");
  const logSwitch = panel.getByRole("switch").first();
  if (await logSwitch.count()) await logSwitch.click().catch(() => {});
  await typeEverywhere(panel);
  await panel.getByRole("button", { name: "Add to table" }).click();
  await expect(panel).toBeVisible(); // interface names and chips refuse the payloads
  await noInjectedMarkup(page, "rule panel refused");
  await panel.getByRole("button", { name: "Cancel" }).click();
  await expect(panel).toHaveCount(0);

  // A comment that is valid for routers (single line, windows-1252) is kept literally.
  const comment = "<img src=x data-xss onerror=alert('comment')> ' OR 1=1 -- $(reboot)";
  await page.getByRole("button", { name: "Add rule" }).click();
  await panel.getByLabel("Comment").fill(comment);
  await panel.getByRole("button", { name: "Add to table" }).click();
  await expect(panel).toHaveCount(0);
  await page.getByLabel("Save message").fill(pick(4));
  await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("save-outcome")).toContainText(/Saved as revision \d+/);
  await page.reload();
  await expect(page.getByTestId("rule-comment")).toHaveText([comment]);
  await noInjectedMarkup(page, "editor after save");

  // Address lists: a payload list name is refused; entry comments are kept as text.
  await page.getByRole("tab", { name: /Address lists/ }).click();
  await page.getByLabel("New address list").fill(pick(1));
  await page.getByLabel("New address list").press("Enter");
  await expect(page.getByText(/list name must start with a letter/).first()).toBeVisible();
  await noInjectedMarkup(page, "address lists refused");
  await page.getByLabel("New address list").fill("lab");
  await page.getByLabel("New address list").press("Enter");
  await page.getByLabel("New address for lab").fill("192.0.2.7");
  await page.getByLabel("Comment for the new address in lab").fill(pick(2));
  await page.getByRole("button", { name: "Add entry" }).click();
  await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("save-outcome")).toContainText(/Saved as revision \d+/);
  await page.reload();
  await page.getByRole("tab", { name: /Address lists/ }).click();
  await expect(page.getByLabel("Comment for 192.0.2.7")).toHaveValue(pick(2));
  await noInjectedMarkup(page, "address lists saved");

  // History and the list show the stored texts as text.
  for (const url of [`${editorUrl}/history`, "/rule-sets", "/history", "/audit"]) {
    await page.goto(url);
    await noInjectedMarkup(page, url);
  }
  await page.goto("/rule-sets");
  await expect(page.getByText(name, { exact: true }).first()).toBeVisible();

  // Push options: number fields fed junk do not break the page.
  await page.goto(`${editorUrl}/push`);
  for (const label of ["Revert window in seconds", "Canary routers"]) {
    const f = page.getByLabel(label);
    if (await f.count()) await f.fill("-1e308");
  }
  await noInjectedMarkup(page, "push page");

  // Template parameters and import.
  await page.goto("/rule-sets/new");
  const tplRadio = page.getByRole("radio").nth(1);
  await tplRadio.check();
  await page.getByLabel("Name", { exact: true }).fill(`tpl ${pick(0)}`);
  await typeEverywhere(page.locator("form").first(), 2);
  await page.getByLabel("Name", { exact: true }).fill(`tpl ${pick(0)}`);
  await page.getByRole("button", { name: "Create rule set" }).click();
  await noInjectedMarkup(page, "template refused");

  const exportFile = {
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    ruleSet: {
      name: `import ${pick(1)}`,
      description: pick(3),
      rules: [],
      addressLists: [{ name: "imp", entries: [{ address: "192.0.2.9", comment: pick(0) }] }],
    },
  };
  await page.goto("/rule-sets/new");
  const importRadio = page.getByRole("radio").last();
  await importRadio.check();
  await page
    .getByLabel("Export file (.json)")
    .setInputFiles({ name: "x.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exportFile)) });
  await page
    .getByRole("button", { name: /Import|Create rule set/ })
    .last()
    .click();
  await expect(page).toHaveURL(/\/rule-sets\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: exportFile.ruleSet.name })).toBeVisible();
  await noInjectedMarkup(page, "imported");
});
