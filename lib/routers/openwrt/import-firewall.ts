/**
 * fw4 sections -> the vendor-free model (the inverse of compile-rules.ts), for import, adopt and the drift
 * view, plus the `uci export` text of a rule set and reading such a text back.
 *
 * - `rule` sections: every option is mapped, or the section becomes an OpenWrt raw rule holding its options
 *   (icmp_type, limit, mark, device…; `modelledOrRaw`): leaving one out would change what the rule matches. Zones become interfaces: a zone's first
 *   network (or device) is the interface that compile maps back to that zone; a text without zones uses the
 *   zone name itself.
 * - fw4's default protocol is tcp+udp and `proto` may list several: such a rule becomes one rule per protocol
 *   (the same packets); `icmp` without a family is ICMP for IPv4 and ICMPv6 for IPv6, so it becomes two.
 * - `ipset` sections holding one address field become address lists; managed `rampart_set_<list>_4|_6` pairs
 *   are one list again; a set a list cannot hold exactly is a raw section in place (`isRawSet`), as is a rule
 *   matching one. Zones, defaults, forwardings, redirects and includes are zone policy: raw rules in place.
 */
import { parseAddressSpec } from "@/lib/rules/address";
import { ruleLabel } from "@/lib/rules/describe";
import { newRuleId } from "@/lib/rules/new-id";
import { parsePorts } from "@/lib/rules/ports";
import {
  listNameSchema,
  type AddressList,
  type AddressMatch,
  type InterfaceMatch,
  type NatRule,
  type Rule,
  type RuleSetContent,
} from "@/lib/rules/schema";
import { checkDecompiled } from "../decompile-check";
import { mergeFamilySides } from "../merge-family-sides";
import { roleAt } from "../roles";
import type {
  DecompileOptions,
  DecompileResult,
  LiveFirewall,
  OwnershipClaim,
  SkippedItem,
  TextExportResult,
} from "../driver";
import { importIcmpTypes, importRateLimit, MATCHER_OPTIONS } from "./compile-matchers";
import { compileRuleSet, INTERFACE_MARKER, setSectionSpec } from "./compile-rules";
import { runningOf, uciExportOf } from "./live-firewall";
import { chainOfSection, compareChains, handRuleSection } from "./running-chains";
import { nftElement, type RunningFirewall } from "./running-firewall";
import { isManagedName, parseManagedName, type IpFamily } from "./managed-names";
import { sectionFingerprint } from "./ownership";
import { natOfSection } from "./decompile-nat";
import { renderSection, specFromFields, type SectionSpec } from "./section-spec";
import { parseUciExport, renderExport, type UciSection } from "./uci-export-parse";
import { zonesOf } from "./zones";
import { rawRuleOfSection } from "./raw-sections";

const RULE_OPTIONS = new Set([
  "name",
  "enabled",
  "src",
  "dest",
  "family",
  "proto",
  "src_ip",
  "dest_ip",
  "src_port",
  "dest_port",
  "target",
  "ipset",
  "log",
  ...MATCHER_OPTIONS,
]);
const OFF = new Set(["0", "off", "false", "no"]);
const ON = new Set(["1", "on", "true", "yes"]);
const PROTO_NUMBERS: Record<string, number> = {
  igmp: 2,
  ipip: 4,
  gre: 47,
  esp: 50,
  ah: 51,
  sctp: 132,
  ospf: 89,
  vrrp: 112,
  pim: 103,
  udplite: 136,
  dccp: 33,
  l2tp: 115,
};

type Base = Omit<Rule, "id" | "family" | "protocol">;
export type Piece = {
  ref: string;
  label: string;
  managedId: string | null;
  suffix: IpFamily | null;
  family: Rule["family"];
  protocol: Rule["protocol"];
  base: Base;
  origin: { foreign: boolean; fingerprint: string };
};
type Out = { rule: Rule; ref: string; label: string; origin: OwnershipClaim | null };

export function decompileOpenWrt(live: LiveFirewall, opts: DecompileOptions): DecompileResult {
  const text = uciExportOf(live);
  if (text === undefined) {
    return {
      content: { rules: [], addressLists: [] },
      skipped: [
        {
          ref: "firewall",
          label: "firewall config",
          reason: "this state was not read by the OpenWrt driver (no uci export text)",
        },
      ],
    };
  }
  const parsed = parseUciExport(text);
  const running = runningOf(live);
  const enforced = opts.enforced && running ? enforcedSections(parsed, running) : null;
  const result = decompileSections(enforced?.sections ?? parsed, opts);
  if (enforced) result.skipped.push(...enforced.notes);
  if (!opts.managedOnly) {
    for (const i of live.items.filter((x) => x.dynamic)) {
      result.skipped.push({
        ref: i.ref,
        label: `service rule ${i.raw.name ?? i.ref}`,
        reason: "registered by a service (procd), not in the firewall config: the service owns it",
      });
    }
  }
  return result;
}

/**
 * The sections with each address set's entries as the kernel holds them (fw4 reload keeps elements removed
 * from uci, docs/openwrt-uci.md §4), every difference noted; and a note when no firewall is loaded at all.
 */
function enforcedSections(
  sections: UciSection[],
  running: RunningFirewall,
): { sections: UciSection[]; notes: SkippedItem[] } {
  if (!running.loaded) {
    return {
      sections,
      notes: [
        {
          ref: "firewall",
          label: "running firewall",
          reason: "the firewall is not loaded on the router (no table inet fw4): none of these rules is enforced now",
        },
      ],
    };
  }
  const notes: SkippedItem[] = [];
  const out = sections.map((s) => {
    const set = s.type === "ipset" ? str(s, "name") : undefined;
    const held = set !== undefined ? running.sets[set] : undefined;
    if (held === undefined) return s;
    const config = items(s, "entry").map(nftElement);
    if (held.length === config.length && held.every((e) => config.includes(e))) return s;
    const options = new Map(s.options);
    options.set("entry", held);
    notes.push({
      ref: s.ref,
      label: sectionLabel(s),
      field: "entry",
      partial: true,
      reason: `the running firewall's set ${set} holds ${held.join(", ") || "nothing"}, not the config's ${config.join(", ") || "nothing"}: tested as the router enforces it`,
    });
    return { ...s, options };
  });
  return enforcedChains(out, sections, running, notes);
}

/**
 * The rule sections as the kernel's chains hold them (running-chains.ts): Rampart's rules the kernel does not
 * run as the config says are left out (not loaded, or an older version whose match Rampart cannot read back),
 * and each rule added by hand with nft is put where it sits, as a section when it can be read as one.
 */
function enforcedChains(
  out: UciSection[],
  config: UciSection[],
  running: RunningFirewall,
  notes: SkippedItem[],
): { sections: UciSection[]; notes: SkippedItem[] } {
  const compared = compareChains(running, config);
  let sections = out.filter((s) => {
    const why = s.name ? compared.notAsConfigured.get(s.name) : undefined;
    if (why === undefined) return true;
    const moved = why.startsWith("is loaded out of order");
    notes.push({
      ref: s.ref,
      label: sectionLabel(s),
      reason: moved
        ? `${sectionLabel(s)} ${why}: tested in the config's order`
        : `${sectionLabel(s)} ${why}: not tested, the router does not run the config's version`,
      partial: moved,
    });
    return moved;
  });
  for (const l of compared.handMade) {
    const hand = handRuleSection(l.chain, l.rule);
    const label = `${l.chain} rule ${l.position}: ${l.rule.text}`;
    if (!hand) {
      notes.push({
        ref: `${l.chain}#${l.rule.handle ?? l.position}`,
        label,
        reason: `added by hand with nft (not by fw4), and it says something a rule section cannot: not tested; it may decide packets before or after the tested rules`,
      });
      continue;
    }
    // before the section of the next rule in its chain that fw4 loaded from the config, else after the chain's last
    const names = new Map(
      sections
        .filter((s) => s.type === "rule")
        .map((s) => [`!fw4: ${(str(s, "name") ?? s.name ?? s.ref).replace(/"/g, "'")}`, s]),
    );
    const rules = running.chains?.[l.chain] ?? [];
    const next = rules
      .slice(l.position)
      .map((r) => (r.comment ? names.get(r.comment) : undefined))
      .find((s) => s !== undefined);
    const inChain = sections.filter((s) => s.type === "rule" && chainOfSection(s) === l.chain);
    const at = next
      ? sections.indexOf(next)
      : inChain.length
        ? sections.indexOf(inChain[inChain.length - 1]) + 1
        : sections.length;
    sections = [
      ...sections.slice(0, at),
      { ...hand, ref: `${l.chain}#${l.rule.handle ?? l.position}` },
      ...sections.slice(at),
    ];
    notes.push({
      ref: `${l.chain}#${l.rule.handle ?? l.position}`,
      label,
      partial: true,
      reason:
        "added by hand with nft (not by fw4): tested where the kernel holds it, though the config does not have it",
    });
  }
  return { sections, notes };
}

export function decompileSections(sections: UciSection[], opts: DecompileOptions): DecompileResult {
  const newId = opts.newId ?? newRuleId;
  const skipped: SkippedItem[] = [];
  const zones = zonesOf(sections);
  // A zone reads back as the role the router maps to it (or to its interface), else as its first interface.
  const ifaceOf = (zone: string): InterfaceMatch => {
    const z = zones.find((x) => x.name === zone);
    const plain = z ? (z.networks[0] ?? z.devices[0] ?? zone) : zone;
    return (
      roleAt(opts.roles, [
        { kind: "zone", name: zone },
        { kind: "device", name: plain },
      ]) ?? plain
    );
  };
  // The router's own sets that an address list cannot hold exactly stay raw sections in their place, and a rule
  // matching one is raw too: rules see only the sets that became lists.
  const sets = new Map<string, UciSection>();
  for (const s of sections) if (s.type === "ipset" && !isRawSet(s)) sets.set(str(s, "name") ?? s.name ?? s.ref, s);

  const pieces: Piece[] = [];
  const nats: {
    nat: Omit<NatRule, "id">;
    ref: string;
    label: string;
    managedId: string | null;
    fingerprint: string | null;
  }[] = [];
  // a NAT rule names an interface, never a role: the zone's own first interface
  const plainIfaceOf = (zone: string) => {
    const z = zones.find((x) => x.name === zone);
    return z ? (z.networks[0] ?? z.devices[0] ?? zone) : zone;
  };
  for (const s of sections) {
    const managed = isManagedName(s.name) ? parseManagedName(s.name) : null;
    if (opts.managedOnly && managed === null) continue;
    const label = sectionLabel(s);
    if (s.type === "ipset" && !isRawSet(s)) continue;
    const nat = s.type === "redirect" || s.type === "nat" ? natOfSection(s, plainIfaceOf) : null;
    if (nat) {
      nats.push({
        nat,
        ref: s.ref,
        label,
        managedId: managed?.kind === "rule" && managed.family === null ? managed.ruleId : null,
        fingerprint: isManagedName(s.name) ? null : sectionFingerprint(s),
      });
      continue;
    }
    pieces.push(...modelledOrRaw(s, label, managed?.kind === "rule" ? managed : null, ifaceOf, sets));
  }

  const rules = mergePieces(pieces, newId);
  // NAT ids share the rules' id space: Rampart's own keep theirs, the router's get new ones
  const usedIds = new Set(rules.map((x) => x.rule.id));
  const natOut = nats.map((x) => {
    let id = x.managedId !== null && !usedIds.has(x.managedId) ? x.managedId : newId();
    while (usedIds.has(id)) id = newId();
    usedIds.add(id);
    const origin: OwnershipClaim | null =
      x.fingerprint === null ? null : { ref: x.ref, kind: "nat", ruleId: id, list: null, fingerprint: x.fingerprint };
    return { rule: { id, ...x.nat } as NatRule, ref: x.ref, label: x.label, origin };
  });
  const referenced = new Set(
    rules.flatMap((x) => [x.rule.src, x.rule.dst]).flatMap((m) => (m.kind === "list" ? [m.list] : [])),
  );
  const lists = ipsetLists(sections, opts, skipped, referenced);
  const result = checkDecompiled(
    {
      rules: rules.map((x) => x.rule),
      addressLists: lists.map((l) => l.list),
      ...(natOut.length ? { nat: natOut.map((x) => x.rule) } : {}),
    },
    skipped,
    {
      rules: rules.map((x) => ({ ref: x.ref, label: x.label })),
      entries: lists.map((l) => l.origin),
      nat: natOut.map((x) => ({ ref: x.ref, label: x.label })),
    },
  );
  // A foreign section can be taken over only when all of it was imported: nothing of it skipped, not even a
  // detail (a rule section split per protocol is claimed by its first rule; the others are added beside it).
  const partly = new Set(result.skipped.map((x) => x.ref.replace(/\.entry$/, "")));
  const keptRules = new Set([...result.content.rules, ...(result.content.nat ?? [])].map((r) => r.id));
  const keptLists = new Map(result.content.addressLists.map((l) => [l.name, l.entries.length]));
  const origins: OwnershipClaim[] = [
    ...[...rules, ...natOut].flatMap((x) =>
      x.origin && keptRules.has(x.rule.id) && !partly.has(x.ref) ? [x.origin] : [],
    ),
    ...lists.flatMap((l) =>
      l.claim && !partly.has(l.claim.ref) && keptLists.get(l.list.name) === l.list.entries.length ? [l.claim] : [],
    ),
  ];
  return { ...result, origins };
}

/**
 * The one decision point: a rule section the model holds exactly becomes modelled rules; any other section (a
 * rule with icmp_type or limit, zone policy: defaults, zones, forwardings, includes...) a raw rule in its place.
 */
function modelledOrRaw(
  s: UciSection,
  label: string,
  managed: { ruleId: string; family: IpFamily | null } | null,
  ifaceOf: (z: string) => InterfaceMatch,
  sets: Map<string, UciSection>,
): Piece[] {
  const r = s.type === "rule" ? rulePieces(s, label, managed, ifaceOf, sets) : null;
  if (r !== null && !("reason" in r)) return r;
  const { family, protocol, ...base } = rawRuleOfSection(s);
  return [
    {
      ref: s.ref,
      label,
      managedId: managed?.family === null ? managed.ruleId : null,
      suffix: null,
      family,
      protocol,
      base,
      origin: { foreign: !isManagedName(s.name), fingerprint: sectionFingerprint(s) },
    },
  ];
}

export const str = (s: UciSection, k: string): string | undefined => {
  const v = s.options.get(k);
  return typeof v === "string" ? v : undefined;
};
/** List-type options may also be written as one option string, split on whitespace by fw4. */
export const items = (s: UciSection, k: string): string[] =>
  [s.options.get(k) ?? []]
    .flat()
    .flatMap((x) => x.split(/\s+/))
    .filter(Boolean);

export function sectionLabel(s: UciSection): string {
  const name = str(s, "name");
  return `${s.type} ${s.name ?? s.ref}${name && name !== s.name ? `: ${name}` : ""}`;
}

export type Skip = { field?: string; reason: string };

export function rulePieces(
  s: UciSection,
  label: string,
  managed: { ruleId: string; family: IpFamily | null } | null,
  ifaceOf: (z: string) => InterfaceMatch,
  sets: Map<string, UciSection>,
): Piece[] | Skip {
  for (const k of s.options.keys())
    if (!RULE_OPTIONS.has(k))
      return {
        field: k,
        reason: `option ${k} has no equivalent in Rampart's rule model; importing the rule without it would change what it matches`,
      };
  const targetText = (str(s, "target") ?? "").toUpperCase();
  const action =
    targetText === "" ? null : (["ACCEPT", "REJECT", "DROP"] as const).find((t) => t.startsWith(targetText));
  if (!action)
    return {
      field: "target",
      reason: targetText
        ? `target ${targetText} is not accept, drop or reject`
        : "a rule without a target only counts packets",
    };
  const src = str(s, "src");
  const dest = str(s, "dest");
  const chain: Rule["chain"] =
    src !== undefined && dest !== undefined ? "forward" : src !== undefined ? "input" : "output";
  const zoneIface = (z: string | undefined) => (z === undefined || z === "*" ? null : ifaceOf(z));
  const familyOpt = str(s, "family");
  if (familyOpt !== undefined && !["ipv4", "ipv6", "any"].includes(familyOpt))
    return { field: "family", reason: `family ${familyOpt} is not ipv4, ipv6 or any` };
  const family: Rule["family"] = managed?.family ?? (familyOpt === "ipv4" || familyOpt === "ipv6" ? familyOpt : "both");

  const sides: Record<"src" | "dst", AddressMatch> = { src: { kind: "any" }, dst: { kind: "any" } };
  for (const [side, opt] of [
    ["src", "src_ip"],
    ["dst", "dest_ip"],
  ] as const) {
    const values = items(s, opt);
    if (values.length === 0) continue;
    const negs = new Set(values.map((v) => v.startsWith("!")));
    if (negs.size > 1) return { field: opt, reason: `${opt} mixes negated and plain addresses` };
    const negate = negs.has(true);
    const plain = values.map((v) => (negate ? v.slice(1) : v));
    const bad = plain.find((v) => !parseAddressSpec(v).ok);
    if (bad !== undefined)
      return {
        field: opt,
        reason: `${bad} is not an address, prefix or range (interface names and netmasks are not kept)`,
      };
    sides[side] = { kind: "addresses", values: plain, negate };
  }
  const ipset = str(s, "ipset");
  if (ipset !== undefined) {
    const m = /^(!?)(\S+)(?:\s+(\S+))?$/.exec(ipset.trim());
    const set = m ? sets.get(m[2]) : undefined;
    if (!m || !set) return { field: "ipset", reason: `ipset '${ipset}' names no set that is an address list` };
    const matchFields = items(set, "match");
    const dir = m[3] ?? (/^(dest|dst)_/.test(matchFields[0] ?? "") ? "dst" : "src");
    if (dir !== "src" && dir !== "dst")
      return { field: "ipset", reason: `ipset direction '${dir}' matches more than one field` };
    const parsed = set.name ? parseManagedName(set.name) : null;
    const list = parsed?.kind === "set" ? parsed.list : (str(set, "name") ?? set.ref);
    if (sides[dir].kind !== "any")
      return {
        field: "ipset",
        reason: `a rule matching both addresses and an ipset on the ${dir === "src" ? "source" : "destination"} cannot be expressed`,
      };
    sides[dir] = { kind: "list", list, negate: m[1] === "!" };
  }
  const ports: Record<"src" | "dst", Rule["srcPorts"]> = { src: [], dst: [] };
  for (const [side, opt] of [
    ["src", "src_port"],
    ["dst", "dest_port"],
  ] as const) {
    const values = items(s, opt);
    if (values.length === 0) continue;
    if (values.some((v) => v.startsWith("!")))
      return { field: opt, reason: `${opt}: negated ports cannot be expressed` };
    const parsed = parsePorts(values.map((v) => v.replace(":", "-")).join(","));
    if (!parsed.ok) return { field: opt, reason: parsed.message };
    ports[side] = parsed.ranges;
  }
  const rateLimit = importRateLimit(str(s, "limit"), str(s, "limit_burst"));
  if (rateLimit && "reason" in rateLimit) return rateLimit;
  const logText = str(s, "log");
  const log = logText !== undefined && !OFF.has(logText.toLowerCase());
  const base: Base = {
    chain,
    action: action.toLowerCase() as Rule["action"],
    src: sides.src,
    dst: sides.dst,
    srcPorts: ports.src,
    dstPorts: ports.dst,
    inInterface: chain === "output" ? null : zoneIface(src),
    outInterface: chain === "input" ? null : zoneIface(dest),
    states: [],
    log,
    logPrefix: log && logText !== undefined && !ON.has(logText.toLowerCase()) ? logText : "",
    comment: str(s, "name") ?? "",
    enabled: !OFF.has((str(s, "enabled") ?? "1").toLowerCase()),
    ...(rateLimit ? { rateLimit } : {}),
  };

  const protos = items(s, "proto");
  const list =
    protos.length === 0 || protos.includes("tcpudp") ? [...protos.filter((p) => p !== "tcpudp"), "tcp", "udp"] : protos;
  const out: Piece[] = [];
  for (const p of list) {
    if (p.startsWith("!")) return { field: "proto", reason: `proto ${p}: a negated protocol cannot be expressed` };
    const lower = p.toLowerCase();
    const common = {
      ref: s.ref,
      label,
      managedId: managed?.ruleId ?? null,
      suffix: managed?.family ?? null,
      base,
      origin: { foreign: !isManagedName(s.name), fingerprint: sectionFingerprint(s) },
    };
    if (lower === "all" || lower === "any") out.push({ ...common, family, protocol: "any" });
    else if (lower === "tcp" || lower === "udp") out.push({ ...common, family, protocol: lower });
    else if (lower === "icmpv6" || lower === "ipv6-icmp") out.push({ ...common, family: "ipv6", protocol: "icmpv6" });
    else if (lower === "icmp") {
      if (family !== "ipv6") out.push({ ...common, family: "ipv4", protocol: "icmp" });
      if (family !== "ipv4") out.push({ ...common, family: "ipv6", protocol: "icmpv6" });
    } else if (/^\d+$/.test(lower) && Number(lower) <= 255) out.push({ ...common, family, protocol: Number(lower) });
    else if (PROTO_NUMBERS[lower] !== undefined) out.push({ ...common, family, protocol: PROTO_NUMBERS[lower] });
    else return { field: "proto", reason: `protocol ${p} is not one Rampart knows the number of` };
  }
  // fw4 applies icmp_type to the ICMP protocols only (one name may be a different type in each version)
  const icmpTexts = items(s, "icmp_type");
  if (icmpTexts.length === 0) return out;
  return withIcmpTypes(out, icmpTexts);
}

function withIcmpTypes(pieces: Piece[], texts: string[]): Piece[] | Skip {
  const out: Piece[] = [];
  for (const p of pieces) {
    if (p.protocol !== "icmp" && p.protocol !== "icmpv6") {
      out.push(p);
      continue;
    }
    const types = importIcmpTypes(texts, p.protocol);
    if ("reason" in types) return types;
    out.push({ ...p, base: { ...p.base, icmpTypes: types } });
  }
  return out;
}

/** Pieces in section order; the `_4` and `_6` sections of one managed rule become one `both` rule again. */
function mergePieces(pieces: Piece[], newId: () => string): Out[] {
  const out: Out[] = [];
  const byManaged = new Map<string, number>();
  const used = new Set<string>();
  for (const p of pieces) {
    const prev = p.managedId !== null && p.suffix !== null ? byManaged.get(p.managedId) : undefined;
    if (prev !== undefined) {
      const a = out[prev].rule;
      const src = mergeFamilySides(a.src, p.base.src);
      const dst = mergeFamilySides(a.dst, p.base.dst);
      const same = shapeKey(a) === shapeKey({ ...p.base, protocol: p.protocol });
      if (src && dst && same && a.family !== p.family) {
        out[prev].rule = { ...a, family: "both", src, dst };
        continue;
      }
    }
    const id = p.managedId !== null && !used.has(p.managedId) ? p.managedId : newId();
    used.add(id);
    if (p.managedId !== null && p.suffix !== null) byManaged.set(p.managedId, out.length);
    const origin: OwnershipClaim | null = p.origin.foreign
      ? { ref: p.ref, kind: "filter", ruleId: id, list: null, fingerprint: p.origin.fingerprint }
      : null;
    out.push({ rule: { id, family: p.family, protocol: p.protocol, ...p.base }, ref: p.ref, label: p.label, origin });
  }
  return out;
}

/** Everything but id, family and addresses, in a fixed order: the `_4` and `_6` sections must agree on it. */
function shapeKey(r: Omit<Rule, "id" | "family">): string {
  return JSON.stringify([
    r.chain,
    r.action,
    r.protocol,
    r.srcPorts,
    r.dstPorts,
    r.inInterface,
    r.outInterface,
    r.states,
    r.log,
    r.logPrefix,
    r.comment,
    r.enabled,
    r.icmpTypes ?? [],
    r.rateLimit ?? null,
  ]);
}

const SET_AS_LIST_OPTIONS = new Set(["name", "family", "match", "entry", "enabled"]);

/**
 * Whether a router's own ipset section is kept as a raw section rather than an address list: a list holds a
 * set only exactly (a list name, one address field, fixed address entries, enabled, no other option). Rampart's
 * own sets are always lists (a hand edit of one is drift, not a reason to change what it is).
 */
function isRawSet(s: UciSection): boolean {
  if (s.name && parseManagedName(s.name)?.kind === "set") return false;
  const match = items(s, "match");
  return (
    !listNameSchema.safeParse(str(s, "name") ?? "").success ||
    match.length !== 1 ||
    !/^((src|dest|dst)_)?(ip|net)$/.test(match[0]) ||
    [...s.options.keys()].some((k) => !SET_AS_LIST_OPTIONS.has(k)) ||
    OFF.has((str(s, "enabled") ?? "1").toLowerCase()) ||
    items(s, "entry").some((e) => !parseAddressSpec(e).ok)
  );
}

type ListOut = { list: AddressList; origin: { ref: string; label: string }[]; claim?: OwnershipClaim };

function ipsetLists(
  sections: UciSection[],
  opts: DecompileOptions,
  skipped: SkippedItem[],
  referenced: Set<string>,
): ListOut[] {
  const byName = new Map<string, ListOut>();
  for (const s of sections.filter((x) => x.type === "ipset" && !isRawSet(x))) {
    const parsed = s.name ? parseManagedName(s.name) : null;
    if (opts.managedOnly && parsed?.kind !== "set") continue;
    const label = sectionLabel(s);
    const name = parsed?.kind === "set" ? parsed.list : (str(s, "name") ?? "");
    if (!listNameSchema.safeParse(name).success) {
      skipped.push({
        ref: s.ref,
        label,
        field: "name",
        reason: `set name '${name}' cannot be a Rampart list name (letters, digits, '_' and '-', starting with a letter)`,
      });
      continue;
    }
    const match = items(s, "match");
    if (match.length !== 1 || !/^((src|dest|dst)_)?(ip|net)$/.test(match[0])) {
      skipped.push({
        ref: s.ref,
        label,
        field: "match",
        reason: `a set matching ${match.join(" ") || "nothing"} is not a list of addresses`,
      });
      continue;
    }
    const hard = ["timeout", "loadfile"].find((k) => s.options.has(k));
    if (hard) {
      skipped.push({
        ref: s.ref,
        label,
        field: hard,
        reason: `option ${hard}: the set's entries are not fixed in the config`,
      });
      continue;
    }
    if (OFF.has((str(s, "enabled") ?? "1").toLowerCase())) {
      skipped.push({
        ref: s.ref,
        label,
        field: "enabled",
        reason: "the set is disabled; Rampart address lists are always active",
      });
      continue;
    }
    for (const k of s.options.keys()) {
      if (!["name", "family", "match", "entry", "enabled"].includes(k))
        skipped.push({
          ref: s.ref,
          label,
          field: k,
          reason: `option ${k} is not kept (the list itself was imported)`,
          partial: true,
        });
    }
    const l: ListOut = byName.get(name) ?? { list: { name, entries: [] }, origin: [] };
    // one foreign set section per list can be taken over (a second one of the same name stays foreign)
    if (!isManagedName(s.name) && !l.claim && l.list.entries.length === 0) {
      l.claim = {
        ref: s.ref,
        kind: "address-list-entry",
        family: str(s, "family") === "ipv6" ? "ipv6" : "ipv4",
        ruleId: null,
        list: name,
        fingerprint: sectionFingerprint(s),
      };
    }
    for (const entry of items(s, "entry")) {
      if (!parseAddressSpec(entry).ok) {
        skipped.push({
          ref: `${s.ref}.entry`,
          label: `${entry} in ${label}`,
          reason: `${entry} is not an address, prefix or range`,
        });
        continue;
      }
      l.list.entries.push({ address: entry, comment: "" });
      l.origin.push({ ref: `${s.ref}.entry`, label: `${entry} in ${label}` });
    }
    byName.set(name, l);
  }
  for (const name of referenced) if (!byName.has(name)) byName.set(name, { list: { name, entries: [] }, origin: [] });
  return [...byName.values()];
}

/**
 * The rule set as a `uci export firewall` text: Rampart's named sections only, to merge by hand with
 * `uci -m import firewall`. Without a router there are no zones to look up, so an interface is written as
 * the zone of the same name (OpenWrt's defaults: network lan in zone lan, wan in wan); the header says so.
 */
export function exportUci(content: RuleSetContent, meta: { name: string; revision?: number }): TextExportResult {
  const compiled = compileRuleSet(content);
  if (!compiled.ok) return { ok: false, issues: compiled.issues };
  const sets = new Map<string, { family: IpFamily; entries: string[] }>();
  const rules: SectionSpec[] = [];
  for (const item of compiled.desired.items) {
    if (item.kind === "address-list-entry") {
      const s = sets.get(item.fields[".set"]) ?? {
        family: item.fields.family === "ipv6" ? "ipv6" : "ipv4",
        entries: [],
      };
      if (item.fields.address !== undefined) s.entries.push(item.fields.address);
      sets.set(item.fields[".set"], s);
      continue;
    }
    const fields = Object.fromEntries(
      Object.entries(item.fields).map(([k, v]) => [
        k,
        (k === "src" || k === "dest") && v.startsWith(INTERFACE_MARKER) ? v.slice(INTERFACE_MARKER.length) : v,
      ]),
    );
    rules.push(specFromFields(fields, item.key));
  }
  const header = [
    `# Rampart rule set ${meta.name.replace(/[\r\n]+/g, " ")}${meta.revision ? ` revision ${meta.revision}` : ""}: OpenWrt firewall (uci export format)`,
    "# Merge into the config on the router with: uci -m import firewall < this-file; uci commit firewall; fw4 reload",
    "# src/dest name zones: each interface of the rule set was written as the zone of the same name.",
    ...compiled.desired.notes.map(
      (n) =>
        `# note: rule ${(ruleLabel(content.rules, n.ruleId) ?? n.ruleId).replace(/[\r\n']+/g, " ")}: ${n.message.replace(/'/g, "")}`,
    ),
  ].join("\n");
  const body = renderExport([
    ...[...sets].map(([name, s]) => renderSection(setSectionSpec(name, s.family, s.entries))),
    ...rules.map(renderSection),
  ]);
  const base = meta.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "rule-set";
  return {
    ok: true,
    filename: `${base}${meta.revision ? `.r${meta.revision}` : ""}.uci`,
    mediaType: "text/plain; charset=utf-8",
    text: `${header}\n${body}`,
  };
}

/** A `uci export firewall` text (or /etc/config/firewall) read back, every rule and ipset section. */
export function importUci(text: string): DecompileResult {
  try {
    // whole-line comments first: an apostrophe in one would otherwise open a quote for the parser
    const body = text
      .split("\n")
      .filter((l) => !/^\s*#/.test(l))
      .join("\n");
    return decompileSections(parseUciExport(body), { managedOnly: false });
  } catch (e) {
    return {
      content: { rules: [], addressLists: [] },
      skipped: [{ ref: "text", label: "uci text", reason: e instanceof Error ? e.message : "cannot be read" }],
    };
  }
}
