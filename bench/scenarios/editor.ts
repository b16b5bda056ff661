import { int } from "../support/format";
import { notAvailable, type Scenario } from "../types";

export const editor: Scenario = {
  id: "editor",
  title: (s) => `editor with ${int(s.editorLargeRules)} rules in Chromium`,
  baseline: (s) => `${s.editorSmallRules} rules`,
  target: () => "open, scroll and save each ≤ 3× the 50-rule time",
  async run() {
    return notAvailable("the Chromium editor scenario is not written yet (needs a production build under .next-bench, an admin, a CLI token and rule sets made through the REST API)");
  },
};
