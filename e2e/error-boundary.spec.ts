import type { SqliteConnection } from "@/lib/db/sqlite-adapter";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

// better-sqlite3 ships no types; the app's own interface for it names what is used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require("better-sqlite3") as new (file: string) => SqliteConnection & { close(): void };

const shot = (name: string) =>
  process.env.E2E_SCREENSHOTS ? { path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true } : undefined;

// A row the schema no longer accepts (a bad migration, a hand edit) must not leave the admin on Next's bare
// error page: the page says what happened, keeps the navigation and gives no internals away.
test("a corrupt revision row shows the error panel inside the dashboard", async ({ page, playwright, baseURL }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  const token = rampartCli(["token", "create", "--name", "e2e-error-boundary", "--role", "operator"]);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const created = await api.post("/api/v1/rule-sets", {
    data: { source: "blank", name: "corrupt-e2e", message: "to be broken" },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  // While it is whole, its tabs say which rule set they show.
  await page.goto(`/rule-sets/${id}`);
  await expect(page).toHaveTitle("corrupt-e2e · Rule set · Rampart");

  const db = new Database(process.env.E2E_DATABASE_URL!.replace(/^file:/, ""));
  db.prepare(`UPDATE "RuleSetRevision" SET "content" = '{"rules":"not a list"}' WHERE "ruleSetId" = ?`).run(id);
  db.close();

  await page.goto(`/rule-sets/${id}/history`);
  await expect(page.getByTestId("error-panel")).toContainText("This page could not be shown");
  await expect(page.getByTestId("error-panel")).not.toContainText("not a list");
  await expect(page.getByRole("link", { name: "Rule sets", exact: true })).toBeVisible();
  await expect(page).toHaveTitle("corrupt-e2e · History · Rampart");
  if (shot("error-boundary")) await page.screenshot(shot("error-boundary"));
});
