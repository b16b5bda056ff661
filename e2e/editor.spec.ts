import type { Page } from "@playwright/test";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

/** Creates a blank rule set through the New rule set page and returns the editor URL it lands on. */
async function createRuleSet(page: Page, name: string): Promise<string> {
  await page.goto("/rule-sets/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create rule set" }).click();
  await expect(page).toHaveURL(/\/rule-sets\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  return new URL(page.url()).pathname;
}

/** Adds a rule through the side panel: tcp on input (the defaults), optional source CIDRs, destination ports, comment. */
async function addRule(page: Page, opts: { comment: string; sources?: string[]; ports?: string[] }) {
  await page.getByRole("button", { name: "Add rule" }).click();
  const panel = page.getByTestId("rule-panel");
  if (opts.sources) {
    await panel.getByTestId("src-field").getByRole("radio", { name: "Addresses" }).click();
    for (const s of opts.sources) {
      await panel.locator("#rule-src-values").fill(s);
      await panel.locator("#rule-src-values").press("Enter");
    }
  }
  for (const p of opts.ports ?? []) {
    await panel.locator("#rule-dstPorts").fill(p);
    await panel.locator("#rule-dstPorts").press("Enter");
  }
  await panel.getByLabel("Comment").fill(opts.comment);
  await panel.getByRole("button", { name: "Add to table" }).click();
  await expect(panel).toHaveCount(0);
}

async function save(page: Page, message = "") {
  if (message) await page.getByLabel("Save message").fill(message);
  await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("save-outcome")).toContainText(/Saved as revision \d+/);
  await expect(page.getByTestId("saved-state")).toBeVisible();
}

const comments = (page: Page) => page.getByTestId("rule-comment").allTextContents();

test("add a rule through the form and save it; a bad CIDR is refused at the field and never saved", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const url = await createRuleSet(page, "e2e editor basics");

  await addRule(page, { comment: "ssh from lab", sources: ["192.0.2.0/24"], ports: ["22"] });
  await expect(page.getByTestId("rule-sentence")).toHaveText(["accept tcp from 192.0.2.0/24 to any port 22 on input"]);
  await expect(page.getByTestId("unsaved-count")).toHaveText("1 unsaved change");
  await save(page, "ssh for the lab");

  await page.reload();
  await expect(page.getByTestId("rule-sentence")).toHaveText(["accept tcp from 192.0.2.0/24 to any port 22 on input"]);

  // Bad input: each chip carries the schema's message, and the rule cannot reach the table.
  await page.getByRole("button", { name: "Add rule" }).click();
  const panel = page.getByTestId("rule-panel");
  await panel.getByTestId("src-field").getByRole("radio", { name: "Addresses" }).click();
  await panel.locator("#rule-src-values").fill("10.0.0.0/33");
  await panel.locator("#rule-src-values").press("Enter");
  await panel.locator("#rule-src-values").fill("10.0.0.300");
  await panel.locator("#rule-src-values").press("Enter");
  const srcField = panel.getByTestId("src-field");
  await expect(srcField.locator('[data-field-error="rule-src-values-chip-0"]')).toHaveText(
    "10.0.0.0/33 has prefix length '33'; IPv4 allows 0-32",
  );
  await expect(srcField.locator('[data-field-error="rule-src-values-chip-1"]')).toHaveText(
    "10.0.0.300 is not an IPv4 address",
  );
  await panel.locator("#rule-dstPorts").fill("70000");
  await panel.locator("#rule-dstPorts").press("Enter");
  await expect(panel.locator('[data-field-error="rule-dstPorts-chip-0"]')).toHaveText("port 70000 is outside 1-65535");
  await panel.getByRole("button", { name: "Add to table" }).click();
  await expect(panel).toBeVisible();
  await expect(panel.getByText("3 problems to fix")).toBeVisible();
  await expect(page.getByTestId("rule-row")).toHaveCount(1);
  await expect(page.getByTestId("saved-state")).toBeVisible();
  await panel.getByRole("button", { name: "Cancel" }).click(); // confirm "close without applying" is accepted

  await page.goto(url);
  await expect(page.getByTestId("rule-row")).toHaveCount(1);
  await expect(page.getByText("10.0.0.300")).toHaveCount(0);
});

test("reorder by drag and by keyboard, delete with undo; the saved order survives a reload", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const url = await createRuleSet(page, "e2e editor order");
  for (const c of ["first", "second", "third"]) await addRule(page, { comment: c, ports: ["22"] });
  await save(page);
  expect(await comments(page)).toEqual(["first", "second", "third"]);

  // Drag the first rule's handle onto the third row: it takes the third place.
  const rows = page.getByTestId("rule-row");
  await rows.nth(0).getByTestId("drag-handle").dragTo(rows.nth(2));
  await expect.poll(() => comments(page)).toEqual(["second", "third", "first"]);
  await expect(page.getByTestId("unsaved-count")).toHaveText("1 unsaved change");
  await save(page, "first rule last");
  await page.reload();
  await expect.poll(() => comments(page)).toEqual(["second", "third", "first"]);

  // Keyboard: Alt+ArrowUp on a focused row moves it up and keeps focus on it.
  await rows.nth(2).focus();
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(() => comments(page)).toEqual(["second", "first", "third"]);
  await expect(page.getByTestId("reorder-announcement")).toHaveText("Moved to position 2 of 3");
  await expect(page.locator('[data-testid="rule-row"]:focus')).toHaveAttribute("data-position", "2");
  await page.keyboard.press("Alt+ArrowUp");
  await expect.poll(() => comments(page)).toEqual(["first", "second", "third"]);
  await expect(page.getByTestId("unsaved-count")).toHaveText("1 unsaved change");
  await page.getByRole("button", { name: "Move rule 1 down" }).click();
  await expect.poll(() => comments(page)).toEqual(["second", "first", "third"]);

  // Delete with undo puts the rule back in its place.
  await page.getByRole("button", { name: "Delete rule 1" }).click();
  await expect(page.getByTestId("toast")).toContainText("Deleted rule #1.");
  await expect.poll(() => comments(page)).toEqual(["first", "third"]);
  await page.getByTestId("toast").getByRole("button", { name: "Undo" }).click();
  await expect.poll(() => comments(page)).toEqual(["second", "first", "third"]);
  // Moving a rule back to where the last save had it leaves nothing to save.
  await page.getByRole("button", { name: "Move rule 2 up" }).click();
  await page.getByRole("button", { name: "Move rule 1 down" }).click();
  await page.getByRole("button", { name: "Move rule 2 down" }).click();
  await expect.poll(() => comments(page)).toEqual(["second", "third", "first"]);
  await expect(page.getByTestId("saved-state")).toBeVisible();
  await page.getByRole("button", { name: "Move rule 3 up" }).click();

  await save(page, "keyboard move");
  await page.goto(url);
  await expect.poll(() => comments(page)).toEqual(["second", "first", "third"]);

  // Bulk: shift-click selects a range, then one click disables all of them.
  await page.getByRole("checkbox", { name: "Select rule 1" }).click();
  await page.getByRole("checkbox", { name: "Select rule 3" }).click({ modifiers: ["Shift"] });
  await expect(page.getByTestId("bulk-bar")).toContainText("3 rules selected");
  await page.getByRole("button", { name: "Disable 3 rules" }).click();
  await expect(page.getByRole("switch", { checked: false })).toHaveCount(3);
  await expect(page.getByTestId("unsaved-count")).toHaveText("3 unsaved changes");
});

test("unsaved changes: in-app links ask first, a stale save keeps the edits and links to the newer revision", async ({
  page,
  browser,
  baseURL,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const url = await createRuleSet(page, "e2e editor guard");
  await addRule(page, { comment: "mine", ports: ["443"] });
  await expect(page.getByTestId("unsaved-count")).toHaveText("1 unsaved change");

  // Staying: the link is not followed and the edit is still there.
  const asked: string[] = [];
  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Routers" }).click();
  await expect.poll(() => asked).toEqual(["You have 1 unsaved change in this rule set. Leave and lose them?"]);
  await expect(page).toHaveURL(new RegExp(`${url}$`));
  await expect(page.getByTestId("rule-row")).toHaveCount(1);

  // Someone else saves first, from another session.
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await signIn(otherPage, ADMIN.username, ADMIN.password);
  await otherPage.goto(url);
  await addRule(otherPage, { comment: "theirs", ports: ["80"] });
  await save(otherPage, "their change");
  await other.close();

  await page.getByTestId("unsaved-bar").getByRole("button", { name: "Save" }).click();
  const outcome = page.getByTestId("save-outcome");
  await expect(outcome).toContainText("changed by someone else (revision 2)");
  await expect(page.getByTestId("stale-history-link")).toHaveAttribute("href", `${url}/history?from=1&to=2`);
  await expect(page.getByTestId("unsaved-count")).toHaveText("1 unsaved change");
  await expect.poll(() => comments(page)).toEqual(["mine"]);

  // Leaving for real: accepted, the browser goes.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Routers" }).click();
  await expect(page).toHaveURL(/\/routers$/);
});

test("a viewer sees the rules but no edit controls", async ({ guardedPage: page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const url = await createRuleSet(page, "e2e editor viewer");
  await addRule(page, { comment: "visible", ports: ["22"] });
  await save(page);
  rampartCli(["user", "create", "--username", "vic", "--role", "viewer"], { RAMPART_PASSWORD: "viewer-pass-5678" });
  await signIn(page, "vic", "viewer-pass-5678");
  await page.goto(url);
  await expect(page.getByTestId("rule-sentence")).toHaveText(["accept tcp from any to any port 22 on input"]);
  await expect(page.getByTestId("read-only-note")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add rule" })).toHaveCount(0);
  await expect(page.getByTestId("drag-handle")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Delete rule/ })).toHaveCount(0);
});

test("address lists: entries are checked as typed, rules pick a list, and where-used follows", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const url = await createRuleSet(page, "e2e editor lists");
  await page.getByRole("tab", { name: /Address lists/ }).click();
  await page.getByLabel("New address list").fill("lab");
  await page.getByRole("button", { name: "Add list" }).click();
  const lab = page.getByTestId("address-list-lab");
  await lab.getByLabel("New address for lab").fill("10.0.0.300");
  await lab.getByRole("button", { name: "Add entry" }).click();
  await expect(lab.locator('[data-field-error="add-entry-lab"]')).toHaveText("10.0.0.300 is not an IPv4 address");
  await lab.getByLabel("New address for lab").fill("10.1.0.0/16");
  await lab.getByRole("button", { name: "Add entry" }).click();
  await expect(lab.getByText("10.1.0.0/16")).toBeVisible();
  await expect(lab.getByTestId("where-used")).toContainText("not used by any rule");

  await page.getByRole("tab", { name: /Rules/ }).click();
  await page.getByRole("button", { name: "Add rule" }).click();
  const panel = page.getByTestId("rule-panel");
  await panel.getByTestId("src-field").getByRole("radio", { name: "Address list" }).click();
  await expect(panel.getByLabel("Source address list")).toHaveValue("lab");
  await panel.getByLabel("Comment").fill("from the lab");
  await panel.getByRole("button", { name: "Add to table" }).click();
  await expect(page.getByTestId("rule-sentence")).toHaveText(["accept tcp from lab to any on input"]);
  await expect(page.getByTestId("unsaved-count")).toHaveText("2 unsaved changes");
  await save(page, "lab list");

  await page.goto(`${url}?tab=address-lists`);
  await expect(page.getByTestId("address-list-lab").getByTestId("where-used")).toContainText(
    "used by rule #1 (source)",
  );
  await expect(page.getByTestId("address-list-lab").getByRole("button", { name: "Delete list" })).toBeDisabled();
});
