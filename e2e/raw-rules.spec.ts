import { ADMIN, expect, signIn, test } from "./fixtures";

/**
 * Vendor raw rules in the editor (issue #20 item 4): a RouterOS defconf imported as text keeps every rule, the
 * ones the model cannot hold as raw rules in their place with a vendor badge; a raw rule is edited as property
 * text and a bad property is named at the field; one is written from scratch. At 1440 and 390 px.
 */
const DEFCONF = `/ip firewall filter
add action=accept chain=input comment="defconf: accept established,related,untracked" connection-state=established,related,untracked
add action=drop chain=input comment="defconf: drop all not coming from LAN" in-interface-list=!LAN
add action=accept chain=forward comment="defconf: accept in ipsec policy" ipsec-policy=in,ipsec
add action=fasttrack-connection chain=forward comment="defconf: fasttrack" connection-state=established,related hw-offload=yes
add action=drop chain=forward comment="defconf: drop invalid" connection-state=invalid
`;

for (const width of [1440, 390]) {
  test(`a defconf import keeps every rule; a raw rule is edited as checked property text (${width} px)`, async ({
    guardedPage: page,
  }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, ADMIN.username, ADMIN.password);
    await page.goto("/rule-sets/import-text");
    await page.getByLabel("Name of the new rule set").fill(`defconf-${width}`);
    await page.getByLabel(/RouterOS script \(\.rsc\) text/).fill(DEFCONF);
    await page.getByRole("button", { name: "Create rule set" }).click();
    await expect(page).toHaveURL(/\?imported=text$/);
    await expect(page.getByTestId("text-import-notice")).toContainText("every rule and address list entry");

    // every rule, in order; three raw ones with their vendor badge
    await expect(page.getByTestId("rule-comment")).toHaveText([
      "defconf: accept established,related,untracked",
      "defconf: drop all not coming from LAN",
      "defconf: accept in ipsec policy",
      "defconf: fasttrack",
      "defconf: drop invalid",
    ]);
    await expect(page.getByTestId("raw-badge")).toHaveCount(3);
    const fasttrack = page.getByTestId("rule-row").nth(3);
    await expect(fasttrack.getByTestId("raw-badge")).toHaveText("MikroTik raw");
    await expect(fasttrack.getByTestId("rule-sentence")).toHaveText(
      "raw filter ipv4: action=fasttrack-connection chain=forward connection-state=established,related hw-offload=yes",
    );
    await page.screenshot({ path: testInfo.outputPath(`raw-rules-table-${width}.png`), fullPage: true });

    // open it: the properties as text; a wrong value is named at the field and nothing is applied
    await fasttrack.getByTestId("rule-sentence").click();
    const panel = page.getByTestId("rule-panel");
    await expect(panel.getByTestId("raw-vendor-badge")).toHaveText("MikroTik RouterOS raw filter");
    const props = panel.getByLabel("Properties");
    await expect(props).toHaveValue(
      "action=fasttrack-connection\nchain=forward\nconnection-state=established,related\nhw-offload=yes",
    );
    await props.fill(
      "chain=forward\naction=fasttrack-connection\nconnection-state=established,related\nhw-offload=maybe",
    );
    await panel.getByTestId("apply-rule").click();
    await expect(props).toHaveAttribute("aria-invalid", "true");
    await expect(panel).toContainText("hw-offload=maybe: must be yes or no");
    await page.screenshot({ path: testInfo.outputPath(`raw-rule-error-${width}.png`), fullPage: true });

    await props.fill("chain=forward\naction=fasttrack-connection\nconnection-state=established\nhw-offload=yes");
    await panel.getByTestId("apply-rule").click();
    await expect(page.getByTestId("rule-panel")).toHaveCount(0);
    await expect(page.getByTestId("rule-row").nth(3).getByTestId("rule-sentence")).toHaveText(
      "raw filter ipv4: chain=forward action=fasttrack-connection connection-state=established hw-offload=yes",
    );

    // a raw rule written from scratch: empty properties are refused at the field, then it lands above the selection
    await page.getByLabel("Add raw rule").selectOption({ label: "MikroTik RouterOS filter" });
    const fresh = page.getByTestId("rule-panel");
    await expect(fresh.getByTestId("raw-vendor-badge")).toHaveText("MikroTik RouterOS raw filter");
    await fresh.getByTestId("apply-rule").click();
    await expect(fresh.getByLabel("Properties")).toHaveAttribute("aria-invalid", "true");
    await fresh.getByLabel("Properties").fill("chain=forward\naction=drop\nconnection-state=invalid\nlog=yes");
    await fresh.getByLabel("Comment").fill("drop invalid, logged");
    await page.screenshot({ path: testInfo.outputPath(`raw-rule-new-${width}.png`), fullPage: true });
    await fresh.getByTestId("apply-rule").click();
    await expect(page.getByTestId("rule-panel")).toHaveCount(0);
    const added = page.getByTestId("rule-row").filter({ hasText: "drop invalid, logged" });
    await expect(added.getByTestId("raw-badge")).toHaveText("MikroTik raw");
    await expect(added.getByTestId("rule-sentence")).toHaveText(
      "raw filter ipv4: chain=forward action=drop connection-state=invalid log=yes",
    );
    await expect(page.getByTestId("raw-badge")).toHaveCount(4);
  });
}
