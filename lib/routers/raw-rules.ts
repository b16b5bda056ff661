import type { RawRule } from "@/lib/rules/raw-rule";
import type { Rule } from "@/lib/rules/schema";
import type { RawGrammar } from "./driver";
import { isVendor, VENDORS, vendorProfile } from "./profiles";

/**
 * Raw rules for code that is not a vendor's (the editor, the save check): the grammar each vendor's profile
 * declares (lib/routers/<vendor>/raw-grammar.ts). Browser-safe.
 */
/** A raw rule's problem and where it is, under the rule's `raw`: "vendor", "type" or "props.<prop>". */
export type RawRuleIssue = { field: string; message: string };

export function checkRawRule(raw: RawRule, family: Rule["family"], holder: "rule" | "nat" = "rule"): RawRuleIssue[] {
  if (!isVendor(raw.vendor)) return [{ field: "vendor", message: `no router vendor '${raw.vendor}'` }];
  const profile = vendorProfile(raw.vendor);
  const types = holder === "nat" ? profile.rawGrammar.natTypes : profile.rawGrammar.types;
  if (!types.includes(raw.type))
    return [
      {
        field: "type",
        message: types.length
          ? `a ${profile.label} raw ${holder === "nat" ? "NAT" : "filter"} rule is of type ${types.join(" or ")}, not ${raw.type}`
          : `${profile.label} has no raw NAT rules`,
      },
    ];
  return profile.rawGrammar
    .check(raw.type, raw.props, family)
    .map((p) => ({ field: `props.${p.prop}`, message: p.message }));
}

/** Whether a repeated `name=` line in the editor's property text is one list option. */
export function rawListOption(vendor: string, type: string, name: string): boolean {
  return isVendor(vendor) && vendorProfile(vendor).rawGrammar.isListOption(type, name);
}

/** The chain a raw rule is about (its vendor reads it from the props); null for a vendor this build does not know. */
export function rawRuleChain(raw: RawRule): Rule["chain"] | null {
  return isVendor(raw.vendor) ? vendorProfile(raw.vendor).rawGrammar.chainOf(raw.type, raw.props) : null;
}

/** "MikroTik RouterOS", "OpenWrt": the vendor badge of a raw rule. */
export function rawVendorLabel(vendor: string): string {
  return isVendor(vendor) ? vendorProfile(vendor).label : vendor;
}

/** The vendor's grammar as the editor needs it (null: a vendor this build does not know). */
export function rawGrammarOf(vendor: string): RawGrammar | null {
  return isVendor(vendor) ? vendorProfile(vendor).rawGrammar : null;
}

/** Every kind of raw filter rule the vendors take, as the editor offers them for a new one ("OpenWrt zone"). */
export function rawRuleKinds(): { vendor: string; type: string; label: string }[] {
  return VENDORS.flatMap((vendor) =>
    vendorProfile(vendor).rawGrammar.types.map((type) => ({
      vendor,
      type,
      label: `${vendorProfile(vendor).label} ${type}`,
    })),
  );
}
