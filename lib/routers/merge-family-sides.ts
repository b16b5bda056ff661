import type { AddressMatch } from "@/lib/rules/schema";

/**
 * Both vendors' decoders undo what compile did to a `both` rule: its IPv4 and IPv6 halves come back as two
 * rows (sections), and this says what one address side of the merged rule is, or null when the halves differ
 * there and so were two rules all along.
 */
export function mergeFamilySides(a: AddressMatch, b: AddressMatch): AddressMatch | null {
  if (a.kind === "any" && b.kind === "any") return a;
  // compile: negated addresses of one family give the other family's rule no condition at all
  if (a.kind === "any" && b.kind === "addresses" && b.negate) return b;
  if (b.kind === "any" && a.kind === "addresses" && a.negate) return a;
  if (a.kind === "addresses" && b.kind === "addresses" && a.negate === b.negate)
    return { ...a, values: [...a.values, ...b.values] };
  if (a.kind === "list" && b.kind === "list" && a.list === b.list && a.negate === b.negate) return a;
  return null;
}
