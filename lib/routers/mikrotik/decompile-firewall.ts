import { parseAddressSpec } from "@/lib/rules/address";
import { newRuleId } from "@/lib/rules/new-id";
import {
  CONN_STATES,
  listNameSchema,
  natRuleSchema,
  ruleIdSchema,
  type AddressList,
  type InterfaceMatch,
  type NatRule,
  type Rule,
} from "@/lib/rules/schema";
import { checkDecompiled } from "../decompile-check";
import { roleAt, type RoleMap } from "../roles";
import { mergeFamilySides } from "../merge-family-sides";
import type {
  DecompileOptions,
  DecompileResult,
  LiveFirewall,
  LiveFirewallItem,
  OwnershipClaim,
  SkippedItem,
} from "../driver";
import { MATCHER_PROPS, decompileMatchers } from "./compile-matchers";
import { familyWord, isReadOnly, type RosFamily } from "./firewall-props";
import { parseManagedComment } from "./managed-comment";
import { rowFingerprint } from "./ownership";
import { splitHalfId } from "./split-rule";
import { rawListRefs, rawNatOfRow, rawRuleOfRow } from "./raw-rules";
import { natOfRow } from "./decompile-nat";
import { addressesOfRow, portsOfRow, protocolOfRow, type Skip } from "./row-matches";

/**
 * RouterOS filter rules and address-list entries -> the vendor-free model (the inverse of compile-rules.ts).
 *
 * - A row whose every property maps to the model exactly becomes a modelled rule (an interface list a role of
 *   the router maps is that role); any other row (fasttrack, `in-interface-list=!LAN` with no role on LAN,
 *   `ipsec-policy`, ...) becomes a RouterOS raw rule holding its properties verbatim,
 *   in its place (`modelledOrRaw`, the one decision point): leaving out a matcher would turn "drop what is
 *   not from the LAN" into "drop everything", and skipping the rule would leave it unmanaged.
 * - Managed rules keep their rule id; the /ip and /ipv6 rows of one id become one `family: both` rule again
 *   when they differ only in addresses (compile splits them that way), else they stay two rules: the IPv6 one
 *   is rule `<id>v6` (split-rule.ts), so adopting twice gives the same rule set.
 * - `rampart.<id>.src|dst` lists (compile's per-rule lists) become the rule's literal addresses again.
 * - Dynamic rows are the router's own (fasttrack dummy, timed entries): listed, never imported.
 */
const RULE_PROPS = new Set([
  "chain",
  "action",
  "reject-with",
  "protocol",
  "src-address",
  "dst-address",
  "src-address-list",
  "dst-address-list",
  "src-port",
  "dst-port",
  "in-interface",
  "out-interface",
  "in-interface-list",
  "out-interface-list",
  "connection-state",
  "log",
  "log-prefix",
  "disabled",
  "comment",
  ...MATCHER_PROPS,
]);
const DEFAULT_REJECT: Record<RosFamily, string> = { ipv4: "icmp-network-unreachable", ipv6: "icmp-no-route" };
const RULE_LIST = /^rampart\.(r[a-z0-9]{6,24})\.(src|dst)$/;

type RowRule = {
  ref: string;
  family: RosFamily;
  managedId: string | null;
  foreign: boolean;
  fingerprint: string;
  rule: Omit<Rule, "id" | "family">;
  label: string;
};
type Out = { rule: Rule; ref: string; label: string; origin: OwnershipClaim | null };

export function decompileFirewall(live: LiveFirewall, opts: DecompileOptions): DecompileResult {
  const newId = opts.newId ?? newRuleId;
  const skipped: SkippedItem[] = [];
  const statics = live.items.filter((i) => {
    if (!i.dynamic) return true;
    if (!opts.managedOnly)
      skipped.push({
        ref: i.ref,
        label: labelOf(i),
        reason: "dynamic: made by the router itself, not a configured rule",
      });
    return false;
  });
  const mine = (i: LiveFirewallItem) => !opts.managedOnly || i.managedId !== null;

  // Per-rule lists are read first: rules that match them become literal addresses again.
  const ruleListEntries = new Map<string, string[]>();
  for (const i of statics) {
    if (i.kind !== "address-list-entry" || !RULE_LIST.test(i.raw.list ?? "")) continue;
    const k = `${i.family ?? "ipv4"} ${i.raw.list}`;
    ruleListEntries.set(k, [...(ruleListEntries.get(k) ?? []), i.raw.address ?? ""]);
  }

  // NAT rows, Rampart's and the router's own, become NAT rules in their places: modelled where the NAT model
  // holds the row exactly, else raw NAT rules (`natOrRaw`), so nothing is left unmanaged. Managed rows keep their
  // ids; the router's own rows get new ids and a claim, so a push takes them over instead of adding copies.
  const nat: { rule: NatRule; ref: string; label: string; origin: OwnershipClaim | null }[] = [];
  const seenNat = new Set<string>();
  for (const i of statics) {
    if (i.kind !== "nat" || !mine(i)) continue;
    const managedId = i.managedId && ruleIdSchema.safeParse(i.managedId).success ? i.managedId : null;
    if (managedId && seenNat.has(managedId)) {
      skipped.push({
        ref: i.ref,
        label: labelOf(i),
        reason: `a second copy of managed NAT rule ${managedId} (the first one was imported)`,
      });
      continue;
    }
    if (managedId) seenNat.add(managedId);
    const id = managedId ?? newId();
    const origin: OwnershipClaim | null =
      i.managedId === null
        ? { ref: i.ref, kind: "nat", family: "ipv4", ruleId: id, list: null, fingerprint: rowFingerprint(i) }
        : null;
    nat.push({ rule: { ...natOrRaw(natOfRow(i), i), id }, ref: i.ref, label: labelOf(i), origin });
  }

  const rows: RowRule[] = [];
  const seen = new Set<string>();
  for (const i of statics) {
    if (i.kind !== "filter" || !mine(i)) continue;
    const family = (i.family ?? "ipv4") as RosFamily;
    if (i.managedId !== null) {
      const k = `${family} ${i.managedId}`;
      if (seen.has(k)) {
        skipped.push({
          ref: i.ref,
          label: labelOf(i),
          reason: `a second copy of managed rule ${i.managedId} (the first one was imported)`,
        });
        continue;
      }
      seen.add(k);
    }
    const r = modelledOrRaw(ruleOfRow(i, family, ruleListEntries, opts.roles), i);
    rows.push({
      ref: i.ref,
      family,
      managedId: i.managedId && ruleIdSchema.safeParse(i.managedId).success ? i.managedId : null,
      foreign: i.managedId === null,
      fingerprint: rowFingerprint(i),
      rule: r,
      label: labelOf(i),
    });
  }

  const rules = mergeFamilies(rows, newId);
  const lists = addressLists(
    statics.filter(mine),
    skipped,
    new Set([
      ...[...rules, ...nat]
        .flatMap(({ rule }) => [rule.src, rule.dst])
        .flatMap((m) => (m.kind === "list" ? [m.list] : [])),
      ...[...rules, ...nat].flatMap(({ rule }) => rawListRefs(rule)),
    ]),
  );
  const result = checkDecompiled(
    {
      rules: rules.map((x) => x.rule),
      addressLists: lists.map((l) => l.list),
      ...(nat.length ? { nat: nat.map((x) => x.rule) } : {}),
    },
    skipped,
    {
      rules: rules.map((x) => ({ ref: x.ref, label: x.label })),
      entries: lists.map((l) => l.origin),
      nat: nat.map((x) => ({ ref: x.ref, label: x.label })),
    },
  );
  // Origins of what survived the schema pass: only those can be taken over.
  const keptRules = new Set([...result.content.rules, ...(result.content.nat ?? [])].map((r) => r.id));
  const keptEntries = new Set(
    result.content.addressLists.flatMap((l) => l.entries.map((e) => `${l.name} ${e.address}`)),
  );
  const origins = [
    ...[...rules, ...nat].flatMap((x) => (x.origin && keptRules.has(x.rule.id) ? [x.origin] : [])),
    ...lists.flatMap((l) => l.claims.filter((c) => keptEntries.has(`${c.list} ${c.address}`)).map((c) => c.claim)),
  ];
  return { ...result, origins };
}

/**
 * The same for a NAT row: the modelled NAT rule when the NAT model holds it exactly and accepts it, else a raw NAT
 * rule. A row can map field for field yet be one the model refuses (a masquerade with no out-interface, which the
 * model asks for so the LAN's own traffic is not caught): it stays the router's row, verbatim, not skipped.
 */
function natOrRaw(n: Omit<NatRule, "id"> | Skip, i: LiveFirewallItem): Omit<NatRule, "id"> {
  return "reason" in n || !natRuleSchema.safeParse({ ...n, id: PROBE_ID }).success ? rawNatOfRow(i) : n;
}
const PROBE_ID = "rprobe00";

/** The one decision point: the modelled rule when the model holds the row exactly, else the row as a raw rule. */
function modelledOrRaw(r: Omit<Rule, "id" | "family"> | Skip, i: LiveFirewallItem): Omit<Rule, "id" | "family"> {
  return "reason" in r ? rawRuleOfRow(i) : r;
}

export function ruleOfRow(
  i: LiveFirewallItem,
  family: RosFamily,
  ruleLists: Map<string, string[]>,
  roles?: RoleMap,
): Omit<Rule, "id" | "family"> | Skip {
  const raw = i.raw;
  if (raw.invalid === "true") return { field: "invalid", reason: "the router marks this rule invalid" };
  for (const prop of Object.keys(raw)) {
    if (isReadOnly(prop) || RULE_PROPS.has(prop)) continue;
    return {
      field: prop,
      reason: `${prop}=${raw[prop]} has no equivalent in Rampart's rule model; importing the rule without it would change what it matches`,
    };
  }
  const chain = raw.chain;
  if (chain !== "input" && chain !== "forward" && chain !== "output")
    return {
      field: "chain",
      reason: `chain ${chain ?? "(none)"}: Rampart rules live in input, forward or output (custom chains and jumps are not modelled)`,
    };
  const action = raw.action ?? "accept";
  if (action !== "accept" && action !== "drop" && action !== "reject")
    return { field: "action", reason: `action ${action} is not accept, drop or reject` };
  if (raw["reject-with"] !== undefined && raw["reject-with"] !== DEFAULT_REJECT[family]) {
    return {
      field: "reject-with",
      reason: `reject-with=${raw["reject-with"]}: Rampart rejects with the router's default (${DEFAULT_REJECT[family]})`,
    };
  }
  const protocol = protocolOfRow(raw);
  if (typeof protocol === "object") return protocol;
  const sides = addressesOfRow(raw, (name) => {
    if (!RULE_LIST.test(name)) return null;
    const values = ruleLists.get(`${family} ${name}`) ?? [];
    return values.length
      ? values
      : { field: "address-list", reason: `its address list ${name} has no entries on the router` };
  });
  if ("reason" in sides) return sides;
  const ports = portsOfRow(raw);
  if ("reason" in ports) return ports;
  // An interface list, or a negated interface, is a role when the router maps one to it (the inverse of
  // compile-roles.ts); a plain interface stays its name.
  // Without a mapping (the lockout guard's chain walk) nothing is said about roles, only that the model cannot
  // hold the match; with one, that no role of this router is that list or port.
  const unheld = (prop: string, value: string, what: string): Skip => ({
    field: prop,
    reason: roles
      ? `${prop}=${value}: no interface role of this router is ${what}, so the rule model cannot hold it`
      : `${prop}=${value} has no equivalent in Rampart's rule model; importing the rule without it would change what it matches`,
  });
  const iface = (direction: "in" | "out"): InterfaceMatch | null | Skip => {
    const one = raw[`${direction}-interface`];
    const list = raw[`${direction}-interface-list`];
    if (one !== undefined && list !== undefined)
      return { field: `${direction}-interface-list`, reason: "an interface and an interface list on one rule" };
    if (list !== undefined) {
      const negate = list.startsWith("!");
      const name = negate ? list.slice(1) : list;
      return (
        roleAt(roles, [{ kind: "interface-list", name }], negate) ??
        unheld(`${direction}-interface-list`, list, `the list ${name}`)
      );
    }
    if (one === undefined) return null;
    if (!one.startsWith("!")) return one;
    return (
      roleAt(roles, [{ kind: "interface", name: one.slice(1) }], true) ??
      unheld(`${direction}-interface`, one, `the interface ${one.slice(1)}`)
    );
  };
  const inInterface = iface("in");
  const outInterface = iface("out");
  if (inInterface !== null && typeof inInterface === "object" && "reason" in inInterface) return inInterface;
  if (outInterface !== null && typeof outInterface === "object" && "reason" in outInterface) return outInterface;
  const states: Rule["states"] = [];
  if (raw["connection-state"] !== undefined) {
    for (const s of raw["connection-state"]
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean)) {
      if (!(CONN_STATES as readonly string[]).includes(s))
        return { field: "connection-state", reason: `connection state ${s} is not one Rampart knows` };
      states.push(s as Rule["states"][number]);
    }
  }
  const matchers = decompileMatchers(raw, family);
  if ("reason" in matchers) return matchers;
  const managed = parseManagedComment(raw.comment);
  const log = raw.log === "true" || raw.log === "yes";
  return {
    chain,
    action,
    protocol,
    src: sides.src,
    dst: sides.dst,
    srcPorts: ports.src,
    dstPorts: ports.dst,
    inInterface,
    outInterface,
    states,
    log,
    logPrefix: log ? (raw["log-prefix"] ?? "") : "",
    comment: i.managedId !== null && managed ? managed.adminComment : (raw.comment ?? ""),
    enabled: !(raw.disabled === "true" || raw.disabled === "yes"),
    ...matchers,
  };
}

function sameExceptAddresses(a: Omit<Rule, "id" | "family">, b: Omit<Rule, "id" | "family">): boolean {
  const strip = (r: Omit<Rule, "id" | "family">) => {
    const { src: _s, dst: _d, ...rest } = r as Rule;
    const { id: _i, family: _f, ...fields } = rest;
    return JSON.stringify(Object.entries(fields).sort(([x], [y]) => (x < y ? -1 : 1)));
  };
  return strip(a) === strip(b);
}

/**
 * Rule order: the /ip rows in router order; an /ipv6-only rule goes just before the next merged rule that
 * followed it in the /ipv6 table (or at the end), so both tables keep their order.
 */
function mergeFamilies(rows: RowRule[], newId: () => string): Out[] {
  const out: Out[] = [];
  const originOf = (r: RowRule, ruleId: string): OwnershipClaim | null =>
    r.foreign ? { ref: r.ref, kind: "filter", family: r.family, ruleId, list: null, fingerprint: r.fingerprint } : null;
  const v4ById = new Map<string, number>();
  for (const r of rows.filter((x) => x.family === "ipv4")) {
    if (r.managedId) v4ById.set(r.managedId, out.length);
    const id = r.managedId ?? newId();
    out.push({ rule: { id, family: "ipv4", ...r.rule }, ref: r.ref, label: r.label, origin: originOf(r, id) });
  }
  const v6 = rows.filter((x) => x.family === "ipv6");
  const mergedAt = new Map<number, Rule>();
  const pending: { index: number; item: Out }[] = [];
  v6.forEach((r, idx) => {
    const at = r.managedId ? v4ById.get(r.managedId) : undefined;
    if (at !== undefined && !r.rule.raw && !out[at].rule.raw) {
      const v4 = out[at].rule;
      const src = mergeFamilySides(v4.src, r.rule.src);
      const dst = mergeFamilySides(v4.dst, r.rule.dst);
      if (src && dst && sameExceptAddresses(v4, { ...r.rule, src: v4.src, dst: v4.dst })) {
        out[at].rule = { ...v4, family: "both", src, dst };
        mergedAt.set(idx, out[at].rule);
        return;
      }
    }
    // the /ipv6 row of a both-family rule that no longer says the same as its /ip row: the rule's IPv6 half
    const id = r.managedId ? (at === undefined ? r.managedId : (splitHalfId(r.managedId) ?? newId())) : newId();
    pending.push({
      index: idx,
      item: { rule: { id, family: "ipv6", ...r.rule }, ref: r.ref, label: r.label, origin: originOf(r, id) },
    });
  });
  // front to back: items sharing an anchor stack up in /ipv6 order right above it
  for (const p of pending) {
    let before: Rule | undefined;
    for (let j = p.index + 1; j < v6.length && !before; j++) before = mergedAt.get(j);
    const pos = before ? out.findIndex((x) => x.rule === before) : out.length;
    out.splice(pos, 0, p.item);
  }
  return out;
}

type ListOut = {
  list: AddressList;
  origin: { ref: string; label: string }[];
  claims: { list: string; address: string; claim: OwnershipClaim }[];
};

function addressLists(items: LiveFirewallItem[], skipped: SkippedItem[], referenced: Set<string>): ListOut[] {
  const byName = new Map<string, ListOut>();
  for (const i of items) {
    if (i.kind !== "address-list-entry") continue;
    const name = i.raw.list ?? "";
    const label = `${i.raw.address ?? "?"} in ${familyWord((i.family ?? "ipv4") as RosFamily)} address list ${name}`;
    // a per-rule list belongs to its rule: read with it (or skipped with it), never a list of its own
    if (RULE_LIST.test(name)) continue;
    const skip = (reason: string, field?: string) =>
      skipped.push({ ref: i.ref, label, reason, ...(field ? { field } : {}) });
    if (!listNameSchema.safeParse(name).success) {
      skip(
        `list name '${name}' cannot be a Rampart list name (letters, digits, '_' and '-', starting with a letter, at most 48)`,
        "list",
      );
      continue;
    }
    for (const prop of Object.keys(i.raw)) {
      if (isReadOnly(prop) || ["list", "address", "comment", "disabled"].includes(prop)) continue;
      skip(`${prop}=${i.raw[prop]} has no equivalent on a Rampart address-list entry`, prop);
    }
    if (skipped.at(-1)?.ref === i.ref) continue;
    if (i.raw.disabled === "true") {
      skip("the entry is disabled; Rampart address-list entries are always active", "disabled");
      continue;
    }
    const address = i.raw.address ?? "";
    if (!parseAddressSpec(address).ok) {
      skip(`${address} is not an address, prefix or range (DNS names are not kept in rule sets)`, "address");
      continue;
    }
    const managed = parseManagedComment(i.raw.comment);
    const comment = i.managedId !== null && managed ? managed.adminComment : (i.raw.comment ?? "");
    const l = byName.get(name) ?? { list: { name, entries: [] }, origin: [], claims: [] };
    l.list.entries.push({ address, comment });
    l.origin.push({ ref: i.ref, label });
    if (i.managedId === null) {
      l.claims.push({
        list: name,
        address,
        claim: {
          ref: i.ref,
          kind: "address-list-entry",
          family: (i.family ?? "ipv4") as RosFamily,
          ruleId: null,
          list: name,
          fingerprint: rowFingerprint(i),
        },
      });
    }
    byName.set(name, l);
  }
  // a rule may use a list that has no entries on the router (RouterOS lists exist by being referenced)
  for (const name of referenced)
    if (!byName.has(name)) byName.set(name, { list: { name, entries: [] }, origin: [], claims: [] });
  return [...byName.values()];
}

export function labelOf(i: LiveFirewallItem): string {
  const where = familyWord((i.family ?? "ipv4") as RosFamily);
  if (i.kind === "address-list-entry") return `${i.raw.address ?? "?"} in ${where} address list ${i.raw.list ?? "?"}`;
  const what = `${where} ${i.raw.chain ?? "?"} ${i.raw.action ?? "accept"}`;
  return i.raw.comment ? `${what}: ${i.raw.comment}` : what;
}
