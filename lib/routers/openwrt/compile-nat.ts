import { natRulesOf } from "@/lib/rules/make-nat-rule";
import type { RuleSetContent } from "@/lib/rules/schema";
import { rawSummary } from "@/lib/rules/raw-rule";
import type { CompileIssue } from "../driver";
import { rawVendorLabel } from "../raw-rules";

/**
 * NAT rules on OpenWrt (docs/nat.md "OpenWrt"): fw4 expresses them as `redirect` sections and zone masquerading,
 * but Rampart does not write those yet (the fw4 stand-in cannot render them to nft, so a push could not be
 * read back from the kernel). Each NAT rule is therefore refused at preview, named, never silently left out.
 */
export function natIssues(content: RuleSetContent): CompileIssue[] {
  return natRulesOf(content).map((n, i) =>
    n.raw && n.raw.vendor !== "openwrt"
      ? {
          // another vendor's raw NAT row: refused as a raw filter rule of another vendor is, at the rule
          ruleId: n.id,
          ruleIndex: null,
          field: `nat.${i}.raw`,
          message: `this is a ${rawVendorLabel(n.raw.vendor)} raw NAT rule (${rawSummary(n.raw)}); OpenWrt cannot run it`,
        }
      : {
          ruleId: n.id,
          ruleIndex: null,
          field: `nat.${i}.kind`,
          message: `Rampart cannot push ${n.kind === "port-forward" ? "port forwards" : "source NAT"} to OpenWrt yet (fw4 redirect sections are not written); remove the NAT rule or push it to a RouterOS router`,
        },
  );
}
