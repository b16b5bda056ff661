import type { RawRule } from "@/lib/rules/raw-rule";
import type { Rule } from "@/lib/rules/schema";
import type { RawGrammar, RawIssue } from "./driver";
import { isVendor, vendorProfile } from "./profiles";

/**
 * Raw rules for code that is not a vendor's (the editor, the save check): the grammar each vendor's profile
 * declares (lib/routers/<vendor>/raw-grammar.ts). Browser-safe.
 */
export function checkRawRule(raw: RawRule, family: Rule["family"]): RawIssue[] {
  if (!isVendor(raw.vendor)) return [{ prop: "vendor", message: `no router vendor '${raw.vendor}'` }];
  return vendorProfile(raw.vendor).rawGrammar.check(raw.type, raw.props, family);
}

/** Whether a repeated `name=` line in the editor's property text is one list option. */
export function rawListOption(vendor: string, type: string, name: string): boolean {
  return isVendor(vendor) && vendorProfile(vendor).rawGrammar.isListOption(type, name);
}

/** "MikroTik RouterOS", "OpenWrt": the vendor badge of a raw rule. */
export function rawVendorLabel(vendor: string): string {
  return isVendor(vendor) ? vendorProfile(vendor).label : vendor;
}

/** The vendor's grammar as the editor needs it (null: a vendor this build does not know). */
export function rawGrammarOf(vendor: string): RawGrammar | null {
  return isVendor(vendor) ? vendorProfile(vendor).rawGrammar : null;
}
