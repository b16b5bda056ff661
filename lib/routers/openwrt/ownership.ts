/**
 * Taking ownership of foreign sections in place (import with "take ownership"). Rampart owns a section by its
 * name (managed-names.ts), so a claim is a `uci rename` of the router's own section — anonymous (`@rule[3]`) or
 * named by hand — to the managed name of the rule or set it became; the planner then sees it as that managed
 * section and sends only the option changes; the section keeps its place between the router's own rule sections
 * (section-gaps.ts).
 * A claim holds only while the section's exact export text is what the import read (its fingerprint).
 */
import { createHash } from "node:crypto";
import type { ClaimedItem, FirewallChange, OwnershipClaim } from "../driver";
import { isManagedName, parseManagedName } from "./managed-names";
import { renderSection, specFromSection, type SectionSpec } from "./section-spec";
import type { UciSection } from "./uci-export-parse";
import { uciRenameLine } from "./uci-quote";

export const sectionFingerprint = (s: UciSection): string =>
  createHash("sha256").update(s.text).digest("hex").slice(0, 32);

export interface ClaimedSection {
  /** The section's ref before the rename (`@rule[3]`, `guest_ssh`). */
  from: string;
  to: string;
  type: string;
  label: string;
  ruleId: string | null;
  family?: "ipv4" | "ipv6";
}

export interface SectionClaims {
  /** The current sections with every honoured claim already renamed (what the rest of the plan starts from). */
  sections: UciSection[];
  /** `rename` lines, sent before every other line of the plan. */
  renames: string[];
  claimed: ClaimedSection[];
}

const ipsetName = (s: UciSection) => {
  const n = s.options.get("name");
  return typeof n === "string" ? n : (s.name ?? s.ref);
};
const setOfRule = (s: UciSection): string | null => {
  const v = s.options.get("ipset");
  return typeof v === "string" ? v.trim().replace(/^!/, "").split(/\s+/)[0] : null;
};

/**
 * Resolves claims against the current sections and the managed sections wanted. A rule section goes to the first
 * claim naming it, under the wanted section of that rule for its family (`_4`/`_6`) or the rule's only one; a
 * set goes to the wanted set of its list and family, and only when every rule section that uses the set by its
 * nft name is taken over too (renaming it under a foreign rule would break that rule).
 */
export function claimSections(current: UciSection[], want: SectionSpec[], claims: OwnershipClaim[]): SectionClaims {
  if (claims.length === 0) return { sections: current, renames: [], claimed: [] };
  const wanted = new Set(want.map((w) => w.name));
  const existing = new Set(current.map((s) => s.name).filter(isManagedName));
  const taken = new Set<string>();
  const byRef = new Map(current.map((s) => [s.ref, s]));
  const chosen = new Map<string, { to: string; claim: OwnershipClaim }>();
  for (const c of claims) {
    const s = byRef.get(c.ref);
    if (!s || isManagedName(s.name) || chosen.has(s.ref) || sectionFingerprint(s) !== c.fingerprint) continue;
    let to: string | undefined;
    // a rule section, or a raw section (zone, defaults, forwarding...) claimed by the raw rule of the same type
    // (a redirect or nat section claimed by the NAT rule it became: the wanted section of that rule, same type)
    if ((c.kind === "filter" || c.kind === "nat") && s.type !== "ipset" && c.ruleId) {
      const names = want
        .filter(
          (w) =>
            w.type === s.type &&
            parseManagedName(w.name)?.kind === "rule" &&
            (parseManagedName(w.name) as { ruleId: string }).ruleId === c.ruleId,
        )
        .map((w) => w.name);
      const fam = s.options.get("family");
      const suffix = fam === "ipv4" ? "_4" : fam === "ipv6" ? "_6" : null;
      to = (suffix ? names.find((n) => n.endsWith(suffix)) : undefined) ?? names[0];
    } else if (c.kind === "address-list-entry" && s.type === "ipset" && c.list) {
      const fam = s.options.get("family") === "ipv6" ? "ipv6" : "ipv4";
      to = want.find((w) => {
        const p = parseManagedName(w.name);
        return w.type === "ipset" && p?.kind === "set" && p.list === c.list && p.family === fam;
      })?.name;
    }
    if (!to || !wanted.has(to) || existing.has(to) || taken.has(to)) continue;
    taken.add(to);
    chosen.set(s.ref, { to, claim: c });
  }
  // a set keeps its nft name only while no foreign rule still uses it
  for (const [ref, ch] of [...chosen]) {
    const s = byRef.get(ref)!;
    if (s.type !== "ipset") continue;
    const name = ipsetName(s);
    const usedByForeign = current.some(
      (r) => r.type === "rule" && !isManagedName(r.name) && !chosen.has(r.ref) && setOfRule(r) === name,
    );
    if (usedByForeign) chosen.delete(ref);
    void ch;
  }
  const renames: string[] = [];
  const claimed: ClaimedSection[] = [];
  const sections = current.map((s) => {
    const ch = chosen.get(s.ref);
    if (!ch) return s;
    renames.push(uciRenameLine(s.ref, ch.to));
    const label =
      s.type === "ipset"
        ? `ipset ${s.name ?? s.ref} (${ipsetName(s)})`
        : `${s.type} ${s.name ?? s.ref}${typeof s.options.get("name") === "string" ? ` "${s.options.get("name")}"` : ""}`;
    claimed.push({
      from: s.ref,
      to: ch.to,
      type: s.type,
      label,
      ruleId: ch.claim.ruleId,
      ...(ch.claim.family ? { family: ch.claim.family } : {}),
    });
    const renamed: UciSection = { ...s, name: ch.to, ref: ch.to, options: new Map(s.options) };
    renamed.text = renderSection(specFromSection(renamed));
    return renamed;
  });
  return { sections, renames, claimed };
}

/**
 * The plan's changes with each taken-over section said as such: the rule's (or set's) change entry becomes
 * "take ownership of … in place", keeping its field list; a section taken over with no option to change still
 * gets its entry (the rename is a change the preview must show).
 */
export function claimChanges(changes: FirewallChange[], claimed: ClaimedSection[]): FirewallChange[] {
  if (claimed.length === 0) return changes;
  const rest = [...changes];
  const taken: FirewallChange[] = [];
  for (const c of claimed) {
    const words = `take ownership of ${c.label} in place: renamed to ${c.to}`;
    const setList = c.type === "ipset" ? parseManagedName(c.to) : null;
    const i = rest.findIndex(
      (x) =>
        x.kind === "change" &&
        (c.ruleId
          ? x.ruleId === c.ruleId
          : setList?.kind === "set" &&
            x.description.startsWith(`change the set of address list '${setList.list}' (${setList.family})`)),
    );
    if (i >= 0) {
      const [x] = rest.splice(i, 1);
      taken.push({ ...x, description: `${words}; ${x.description.replace(/^change /, "changes ")}` });
    } else taken.push({ kind: "change", ruleId: c.ruleId, description: words, fields: [] });
  }
  // the take-overs first, in the router's section order, then what else the push does (moves, adds)
  return [...taken, ...rest];
}

export const claimedItems = (claimed: ClaimedSection[]): ClaimedItem[] =>
  claimed.map((c) => ({
    ref: c.from,
    kind: c.type === "ipset" ? "address-list-entry" : c.type === "redirect" || c.type === "nat" ? "nat" : "filter",
    ...(c.family ? { family: c.family } : {}),
    fields: [],
  }));
