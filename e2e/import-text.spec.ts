import { ADMIN, expect, signIn, test } from "./fixtures";
import { addRouterOsRouter } from "./router-setup";
import { RSC_SAMPLE, UCI_SAMPLE } from "../tests/support/import-text-samples";

/** Import text (a pasted RouterOS script or uci export) and the push page opened for one router. */

test("a pasted RouterOS script becomes a rule set; the rule the model cannot hold is kept as a raw rule", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/rule-sets");
  await page.getByRole("link", { name: "Import text" }).click();
  await expect(page.getByRole("heading", { name: "Import text" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /RouterOS script/ })).toBeChecked();
  await page.getByLabel("Name of the new rule set").fill("pasted-rsc");
  await page.getByLabel(/RouterOS script \(\.rsc\) text/).fill(RSC_SAMPLE);
  await page.getByRole("button", { name: "Create rule set" }).click();

  await expect(page).toHaveURL(/\/rule-sets\/[^/]+\?imported=text$/);
  await expect(page.getByRole("heading", { name: "pasted-rsc" })).toBeVisible();
  await expect(page.getByTestId("rule-sentence")).toHaveText([
    "accept ipv4 tcp from any to any port 22 on input",
    "raw filter ipv4: action=drop chain=input in-interface-list=WAN",
  ]);
  await expect(page.getByTestId("rule-comment")).toHaveText(["ssh from anywhere", "wan drop"]);
  await expect(page.getByTestId("raw-badge")).toHaveText(["MikroTik raw"]);
  await expect(page.getByTestId("text-import-notice")).toContainText(
    "every rule and address list entry in it was imported",
  );

  // the list page has it too, and the notice belongs to the import only
  await page.goto("/rule-sets");
  await page.getByTestId("rule-set-row-pasted-rsc").getByRole("link", { name: "pasted-rsc" }).click();
  await expect(page.getByTestId("rule-row")).toHaveCount(2);
  await expect(page.getByTestId("text-import-notice")).toHaveCount(0);
});

test("a uci export read from a file fills the text box; the redirect section is kept as a raw rule", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/rule-sets/import-text");
  await page
    .getByLabel("Or read a file into the text box")
    .setInputFiles({ name: "edge-firewall.conf", mimeType: "text/plain", buffer: Buffer.from(UCI_SAMPLE) });
  // the .conf file picks the format and names the set after the file
  await expect(page.getByRole("radio", { name: /OpenWrt UCI export/ })).toBeChecked();
  await expect(page.getByLabel(/OpenWrt UCI export text/)).toHaveValue(UCI_SAMPLE);
  await expect(page.getByLabel("Name of the new rule set")).toHaveValue("edge-firewall");
  await page.getByRole("button", { name: "Create rule set" }).click();

  await expect(page).toHaveURL(/\?imported=text$/);
  await expect(page.getByRole("heading", { name: "edge-firewall" })).toBeVisible();
  await expect(page.getByTestId("rule-comment")).toHaveText(["web in", "fwd"]);
  await expect(page.getByTestId("rule-sentence")).toHaveText([
    /accept tcp .*port 443/,
    "raw redirect: src=wan target=DNAT",
  ]);
  await expect(page.getByTestId("raw-badge")).toHaveText(["OpenWrt raw"]);
  await expect(page.getByTestId("text-import-skipped")).toHaveCount(0);
});

test("a text with nothing importable, or none at all, is refused at the text box and nothing is created", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/rule-sets/import-text");
  await page.getByLabel("Name of the new rule set").fill("not-a-script");
  const box = page.getByLabel(/RouterOS script \(\.rsc\) text/);
  await page.getByRole("button", { name: "Create rule set" }).click();
  const error = page.locator('[data-field-error="text"]');
  await expect(error).toHaveText("paste the text, or choose a file");
  await expect(box).toHaveAttribute("aria-invalid", "true");

  await box.fill("hello world");
  await page.getByRole("button", { name: "Create rule set" }).click();
  await expect(error).toContainText(
    'nothing in this text could be imported as a rule or address list: its only item (line 1, "hello world"): a command before any menu line',
  );
  await expect(page.getByTestId("form-message")).toHaveText("Not imported: see the highlighted field.");
  await expect(box).toHaveValue("hello world");
  await expect(page.getByLabel("Name of the new rule set")).toHaveValue("not-a-script");
  await expect(page).toHaveURL(/\/rule-sets\/import-text$/);

  // the same text as a uci export: nothing found, said as such
  await page.getByRole("radio", { name: /OpenWrt UCI export/ }).check();
  await page.getByRole("button", { name: "Create rule set" }).click();
  await expect(error).toHaveText("no firewall rules or address lists found; is this a uci export?");
  await page.goto("/rule-sets");
  await expect(page.getByTestId("rule-set-row-not-a-script")).toHaveCount(0);
});

test("Push… on a router's page opens the push page with only that router selected; an unknown router selects none", async ({
  guardedPage: page,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  // the signed-in session drives the API (same origin), as the app's own pages do
  const api = page.request;
  // nothing listens on these ports: the push page only lists routers, it does not reach them until a preview
  const addRouter = (name: string, port: number) => addRouterOsRouter(api, { name, port, password: "x" });
  const a = await addRouter("preselect-a", 9);
  const b = await addRouter("preselect-b", 9);
  const c = await addRouter("preselect-c", 9);
  const set = await api.post("/api/v1/rule-sets", { data: { source: "blank", name: "preselect-set" } });
  const setId = (await set.json()).id as string;
  for (const id of [a, b])
    expect((await api.put(`/api/v1/routers/${id}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(200);
  const box = (name: string) =>
    page.locator(`[data-testid="push-router"][data-router="${name}"]`).getByRole("checkbox");

  await page.goto(`/routers/${b}`);
  await page.getByTestId("assignment-control").getByRole("link", { name: "Push…" }).click();
  await expect(page).toHaveURL(new RegExp(`/rule-sets/${setId}/push\\?router=${b}$`));
  await expect(box("preselect-b")).toBeChecked();
  await expect(box("preselect-a")).not.toBeChecked();
  await expect(page.getByRole("button", { name: "Preview 1 router" })).toBeEnabled();

  // a router that does not take this rule set yet is offered for assignment
  await page.goto(`/rule-sets/${setId}/push?router=${c}`);
  await expect(page.getByLabel("Router to assign")).toHaveValue(c);
  await expect(box("preselect-a")).not.toBeChecked();
  await expect(box("preselect-b")).not.toBeChecked();

  // an unknown or malformed id selects nothing; without the parameter every assigned router is selected
  for (const q of ["?router=nosuchrouter", "?router=%3Cscript%3E"]) {
    await page.goto(`/rule-sets/${setId}/push${q}`);
    await expect(box("preselect-a")).not.toBeChecked();
    await expect(box("preselect-b")).not.toBeChecked();
    await expect(page.getByRole("button", { name: "Preview 0 routers" })).toBeDisabled();
  }
  await page.goto(`/rule-sets/${setId}/push`);
  await expect(box("preselect-a")).toBeChecked();
  await expect(box("preselect-b")).toBeChecked();
});
