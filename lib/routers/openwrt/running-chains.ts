/**
 * How the kernel's filter chains differ from what fw4 renders from the committed config, over what Rampart can
 * know (docs/openwrt-push-truth.md, the item on the chains as loaded):
 *
 * - Rampart's rows. fw4 writes each rule section's `name` as the rule comment `!fw4: <name>` (a named section
 *   without `name`: its section name); Rampart's sections render one nft rule per protocol (one family).
 *   Each must be loaded in its chain, in the config's order, with the match and verdict the config gives it.
 *   A row whose text differs was loaded from an older config (committed, not reloaded, or the reload failed).
 * - Rows fw4 never writes: in the chains rule sections land in (input, forward, output and their `_<zone>`
 *   chains) every fw4 rule carries a `!fw4:` comment, except the jumps to a zone's policy and to handle_reject.
 *   Anything else was added by hand with `nft`; a reload removes it.
 *
 * Foreign sections' rows and fw4's own rows are not compared: Rampart cannot render them exactly.
 */
import type { FirewallChange } from "../driver";
import { parseManagedName, isManagedName } from "./managed-names";
import type { RunningFirewall, RunningRule } from "./running-firewall";
import type { UciSection } from "./uci-export-parse";

const OFF = new Set(["0", "off", "false", "no"]);
const str = (s: UciSection, k: string) => {
  const v = s.options.get(k);
  return typeof v === "string" ? v : undefined;
};
/** List options; an option string is split on whitespace, as fw4 does. */
const items = (s: UciSection, k: string): string[] =>
  [s.options.get(k) ?? []]
    .flat()
    .flatMap((x) => x.split(/\s+/))
    .filter(Boolean);
const ruleIdOf = (section: string) => {
  const p = parseManagedName(section);
  return p?.kind === "rule" ? p.ruleId : null;
};
const label = (section: string) => `rule ${ruleIdOf(section) ?? section} (section ${section})`;
const FW4 = "!fw4: ";

/**
 * A section name as the kernel holds it in the comment: fw4 doubles each backslash when it quotes the name, and
 * nft keeps the quoted text as it is (its quoted strings have no escapes). A name with `"` never loads: fw4 writes
 * it as `\"`, which ends nft's string early, so the compiler refuses it (compile-rules.ts).
 */
const fw4Escaped = (name: string) => name.replace(/\\/g, "\\\\");
/** The rule rows fw4 writes without a comment: a zone's policy jump, the main chains' reject at the end. */
const FW4_UNCOMMENTED = /^(?:counter )?jump (?:handle_reject|(?:accept|drop|reject)_(?:from|to)_\S+)$/;
/** The chains rule sections are rendered into, and the NAT chains redirect and nat sections are. */
export const isRuleChain = (chain: string) => /^(input|forward|output|dstnat|srcnat)(_\S+)?$/.test(chain);

export interface ExpectedRow {
  chain: string;
  /** The managed section (rampart_<id>[_4|_6]). */
  section: string;
  ruleId: string;
  /** The comments fw4 may write for the section, without `!fw4: `. */
  comments: string[];
  /** The loaded rule as canonical match clauses (canonicalRule). */
  text: string;
}

/** The chain fw4 renders a rule section into (docs/openwrt-fw4-chains.md §1). */
export function chainOfSection(s: UciSection): string {
  const src = str(s, "src");
  const dest = str(s, "dest");
  if (src && src !== "*") return dest ? `forward_${src}` : `input_${src}`;
  if (src === "*") return dest ? "forward" : "input";
  if (dest && dest !== "*") return `output_${dest}`;
  return "output";
}

/** Rampart's rule sections as the rows fw4 loads from this config, per chain in order. */
export function expectedRows(sections: UciSection[]): Map<string, ExpectedRow[]> {
  const zones = new Set(
    sections
      .filter((s) => s.type === "zone" && !OFF.has((str(s, "enabled") ?? "1").toLowerCase()))
      .map((s) => str(s, "name")),
  );
  const out = new Map<string, ExpectedRow[]>();
  let index = -1;
  const natIndex = { redirect: -1, nat: -1 };
  for (const s of sections) {
    if (s.type === "redirect" || s.type === "nat") {
      const row = natRow(s, ++natIndex[s.type], zones);
      if (row) out.set(row.chain, [...(out.get(row.chain) ?? []), row]);
      continue;
    }
    if (s.type !== "rule") continue;
    index++;
    const parsed = s.name ? parseManagedName(s.name) : null;
    if (parsed?.kind !== "rule" || OFF.has((str(s, "enabled") ?? "1").toLowerCase())) continue;
    const known = (z: string | undefined) => z === undefined || z === "*" || zones.has(z);
    const target = (str(s, "target") ?? "").toUpperCase();
    if (!known(str(s, "src")) || !known(str(s, "dest")) || !["ACCEPT", "DROP", "REJECT", ""].includes(target)) continue;
    // a raw section with an option this rendering does not write (mark, helper, time...): its rows are not
    // compared with the kernel's, its config still is
    if ([...s.options.keys()].some((k) => !RENDERED_RULE_OPTIONS.has(k))) continue;
    const chain = chainOfSection(s);
    const name = str(s, "name");
    const comments = name !== undefined ? [fw4Escaped(name)] : [s.name!, `@rule[${index}]`];
    // fw4 writes one nft rule per protocol: a raw section may list several, or none (fw4's default tcp and udp)
    const rows = protocolsOf(s).map((proto) => ({
      chain,
      section: s.name!,
      ruleId: parsed.ruleId,
      comments,
      text: canonicalRule(renderSection(s, comments[0], proto)),
    }));
    out.set(chain, [...(out.get(chain) ?? []), ...rows]);
  }
  return out;
}

/** The rule options renderSection writes into nft, or canonicalRule leaves out of the compare (ICMP, limits). */
const RENDERED_RULE_OPTIONS = new Set([
  ...["name", "enabled", "src", "dest", "family", "proto", "src_ip", "dest_ip", "src_port", "dest_port"],
  ...["ipset", "log", "target", "icmp_type", "limit", "limit_burst", "counter"],
]);

function protocolsOf(s: UciSection): string[] {
  const listed = items(s, "proto").map((p) => p.toLowerCase());
  const protos = listed.length ? listed : ["tcpudp"];
  return protos.flatMap((p) => (p === "tcpudp" ? ["tcp", "udp"] : [p]));
}

const NAT_COMMON = ["name", "enabled", "src", "family", "proto", "src_ip", "target", "log", "counter"];
const NAT_OPTIONS = {
  redirect: new Set([...NAT_COMMON, "src_dip", "src_dport", "dest", "dest_ip", "dest_port", "reflection"]),
  nat: new Set([...NAT_COMMON, "dest_ip", "dest_port", "snat_ip"]),
};

/**
 * The row fw4 loads for one of Rampart's redirect or nat sections (compile-nat.ts: one protocol, IPv4, single
 * addresses and ports), in nft's listing words; null for a section not in that form (not Rampart's to expect).
 * A forward without `dest_port` goes to the port it arrived for; without `dest_ip` it is a redirect to the router.
 */
function natRow(s: UciSection, index: number, zones: Set<string | undefined>): ExpectedRow | null {
  const parsed = s.name ? parseManagedName(s.name) : null;
  if (parsed?.kind !== "rule" || OFF.has((str(s, "enabled") ?? "1").toLowerCase())) return null;
  const src = str(s, "src");
  const protos = items(s, "proto");
  const target = (str(s, "target") ?? (s.type === "redirect" ? "DNAT" : "MASQUERADE")).toUpperCase();
  const forward = s.type === "redirect";
  if (!src || src === "*" || !zones.has(src) || protos.length !== 1 || (str(s, "family") ?? "ipv4") !== "ipv4")
    return null;
  // an option this rendering does not follow (a raw section's src_port, helper, ipset...): not expected exactly
  if ([...s.options.keys()].some((k) => !NAT_OPTIONS[s.type as "redirect" | "nat"].has(k))) return null;
  if (s.type === "redirect" && !OFF.has((str(s, "reflection") ?? "1").toLowerCase())) return null;
  if (forward ? target !== "DNAT" : target !== "MASQUERADE" && target !== "SNAT") return null;
  const proto = protos[0].toLowerCase();
  const ports = proto === "tcp" || proto === "udp";
  const parts = ["meta nfproto ipv4"];
  if (proto !== "all") parts.push(`meta l4proto ${proto}`);
  const addr = (opt: string, dir: string) => {
    const v = str(s, opt);
    if (v) parts.push(v.startsWith("!") ? `ip ${dir} != ${v.slice(1)}` : `ip ${dir} ${v}`);
  };
  addr("src_ip", "saddr");
  addr(forward ? "src_dip" : "dest_ip", "daddr");
  const dport = str(s, forward ? "src_dport" : "dest_port");
  if (ports && dport) parts.push(`${proto} dport ${dport.replace(":", "-")}`);
  const log = str(s, "log");
  const name = str(s, "name");
  if (log && !OFF.has(log.toLowerCase()))
    parts.push(`log prefix "${["1", "on", "true", "yes"].includes(log.toLowerCase()) ? `${name ?? s.name}: ` : log}"`);
  if (forward) {
    const rport = ports ? (str(s, "dest_port") ?? dport) : undefined;
    const to = str(s, "dest_ip");
    const p = rport ? `:${rport.replace(":", "-")}` : "";
    parts.push(to ? `dnat ip to ${to}${p}` : `redirect${p ? ` to ${p}` : ""}`);
  } else parts.push(target === "SNAT" ? `snat ip to ${str(s, "snat_ip") ?? ""}` : "masquerade");
  return {
    chain: `${forward ? "dstnat" : "srcnat"}_${src}`,
    section: s.name!,
    ruleId: parsed.ruleId,
    comments: name !== undefined ? [fw4Escaped(name)] : [s.name!, `@${s.type}[${index}]`],
    text: canonicalRule(parts.join(" ")),
  };
}

/** The nft rule fw4 writes for one of Rampart's sections (the options compile-rules.ts writes), before canonicalRule. */
function renderSection(s: UciSection, name: string, proto: string): string {
  const family = str(s, "family") ?? inferFamily(s);
  const fam = family === "ipv6" ? "ip6" : "ip";
  const parts: string[] = [];
  if (family === "ipv4" || family === "ipv6") parts.push(`meta nfproto ${family}`);
  if (proto !== "all") parts.push(`meta l4proto ${proto === "icmp" && family === "ipv6" ? "ipv6-icmp" : proto}`);
  for (const [opt, dir] of [
    ["src_ip", "saddr"],
    ["dest_ip", "daddr"],
  ] as const) {
    // fw4 writes the negated addresses as a match of their own
    const v = items(s, opt);
    const pos = v.filter((x) => !x.startsWith("!"));
    const neg = v.filter((x) => x.startsWith("!")).map((x) => x.slice(1));
    if (pos.length) parts.push(`${fam} ${dir} { ${pos.join(", ")} }`);
    if (neg.length) parts.push(`${fam} ${dir} != { ${neg.join(", ")} }`);
  }
  if (proto === "tcp" || proto === "udp") {
    for (const [opt, dir] of [
      ["src_port", "sport"],
      ["dest_port", "dport"],
    ] as const) {
      const v = items(s, opt);
      if (v.length) parts.push(`${proto} ${dir} { ${v.map((p) => p.replace(":", "-")).join(", ")} }`);
    }
  }
  const ipset = str(s, "ipset");
  if (ipset) {
    const [set, dir] = ipset.replace(/^!\s*/, "").split(/\s+/);
    parts.push(`${fam} ${dir === "dst" ? "daddr" : "saddr"}${ipset.startsWith("!") ? " !=" : ""} @${set}`);
  }
  const log = str(s, "log");
  if (log && !OFF.has(log.toLowerCase()))
    parts.push(`log prefix "${["1", "on", "true", "yes"].includes(log.toLowerCase()) ? `${name}: ` : log}"`);
  const t = (str(s, "target") ?? "").toUpperCase();
  const dest = str(s, "dest");
  if (t && dest && dest !== "*") parts.push(`jump ${t.toLowerCase()}_to_${dest}`);
  else if (t === "REJECT") parts.push("jump handle_reject");
  else if (t) parts.push(t.toLowerCase());
  return parts.join(" ");
}

function inferFamily(s: UciSection): string | undefined {
  const fams = new Set([...items(s, "src_ip"), ...items(s, "dest_ip")].map((a) => (a.includes(":") ? "ipv6" : "ipv4")));
  return fams.size === 1 ? [...fams][0] : undefined;
}

const PROTO_NAMES: Record<string, string> = {
  "1": "icmp",
  "2": "igmp",
  "4": "ipencap",
  "6": "tcp",
  "17": "udp",
  "47": "gre",
  "50": "esp",
  "51": "ah",
  "58": "ipv6-icmp",
  "89": "ospf",
  "103": "pim",
  "112": "vrrp",
  "132": "sctp",
  "136": "udplite",
  icmpv6: "ipv6-icmp",
};
const MATCHES = new Set([
  "meta",
  "ct",
  "ip",
  "ip6",
  "tcp",
  "udp",
  "th",
  "icmp",
  "icmpv6",
  "ether",
  "sctp",
  "udplite",
  "dccp",
  "iifname",
  "oifname",
  "iif",
  "oif",
  "mark",
]);
const STARTS = new Set([
  "comment",
  "meta",
  "ip",
  "ip6",
  "tcp",
  "udp",
  "th",
  "icmp",
  "icmpv6",
  "ether",
  "limit",
  "log",
  "counter",
  "ct",
  "iifname",
  "oifname",
  "iif",
  "oif",
  "accept",
  "drop",
  "reject",
  "jump",
  "goto",
  "return",
  "mark",
  "sctp",
  "udplite",
  "dccp",
]);

const element = (e: string) => {
  const v = e
    .trim()
    .toLowerCase()
    .replace(/^(\d+):(\d+)$/, "$1-$2");
  return v.includes(":") ? v.replace(/\/128$/, "") : v.replace(/\/32$/, "");
};

/**
 * A rule's matches and verdict in one spelling, whichever way they were written: nft lists a rule in its own
 * words (it leaves out `meta l4proto tcp` before `tcp dport`, `meta nfproto ipv4` before `ip saddr`, braces
 * around one element, a host's /32; it names protocol numbers), and the order of the matches does not change
 * what a rule matches. Counters, comments, ICMP types and rate limits are left out. Words it does not know stay
 * as they are.
 */
export function canonicalRule(text: string): string {
  return canonicalClauses(text).join(" ");
}

/** canonicalRule's clauses: each match (`tcp dport { 22 }`) and the verdict last. */
export function canonicalClauses(text: string): string[] {
  const t = text.match(/"(?:[^"\\]|\\.)*"|\{[^}]*\}|\S+/g) ?? [];
  const clauses: string[][] = [];
  const OPS = new Set(["!=", "==", "<", ">", "<=", ">="]);
  for (let i = 0; i < t.length;) {
    const w = t[i];
    const take = (n: number) => {
      clauses.push(t.slice(i, i + n));
      i += n;
    };
    if (MATCHES.has(w)) {
      // <payload> <field> [op] <value>; an interface match has no field
      const field = ["iifname", "oifname", "iif", "oif"].includes(w) ? 0 : 1;
      take(1 + field + (OPS.has(t[i + 1 + field]) ? 2 : 1));
    } else if (w === "dnat" || w === "snat")
      take(t[i + 1] === "ip" || t[i + 1] === "ip6" ? 4 : t[i + 1] === "to" ? 3 : 2);
    else if (w === "counter") take(t[i + 1] === "packets" ? 5 : 1);
    else if (w === "comment" || w === "jump" || w === "goto") take(2);
    else if (w === "log") {
      let n = 1;
      while (["prefix", "level", "flags", "group"].includes(t[i + n])) n += 2;
      take(n);
    } else {
      // limit …, reject with …, anything else: up to the next word that starts a clause
      let n = 1;
      while (i + n < t.length && !STARTS.has(t[i + n])) n++;
      take(n);
    }
  }
  const out: string[] = [];
  for (const c of clauses) {
    if (c[0] === "counter" && (c.length === 1 || c[1] === "packets")) continue;
    if (c[0] === "comment") continue;
    // ICMP types and rate limits: nft lists them in its own names and units (echo-request for 8, 1000/second
    // for 1000/sec), so they are left out here; the committed config holds them and is compared in full.
    if (((c[0] === "icmp" || c[0] === "icmpv6") && (c[1] === "type" || c[1] === "code")) || c[0] === "limit") continue;
    const words = c.map((w) =>
      w.startsWith("{") ? `{ ${w.slice(1, -1).split(",").map(element).filter(Boolean).sort().join(", ")} }` : w,
    );
    const last = words.length - 1;
    // a set of one is the element itself; a single value is written in braces below so both read the same
    if (
      ["ip", "ip6", "tcp", "udp", "th"].includes(words[0]) &&
      last >= 2 &&
      !words[last].startsWith("{") &&
      !words[last].startsWith("@")
    )
      words[last] = `{ ${element(words[last])} }`;
    if (words[0] === "meta" && words[1] === "l4proto") words[last] = PROTO_NAMES[words[last]] ?? words[last];
    out.push(words.join(" "));
  }
  // the dependencies nft leaves out when it lists the rule
  const has = (p: RegExp) => out.some((c) => p.test(c));
  const kept = out.filter((c) => {
    const l4 = /^meta l4proto (tcp|udp)$/.exec(c);
    if (l4 && has(new RegExp(`^${l4[1]} (sport|dport) `))) return false;
    if (c === "meta nfproto ipv4" && has(/^ip (saddr|daddr) /)) return false;
    if (c === "meta nfproto ipv6" && has(/^ip6 (saddr|daddr) /)) return false;
    return true;
  });
  const verdict = (c: string) => /^(accept|drop|reject|jump|goto|return|dnat|snat|masquerade|redirect)\b/.test(c);
  return [...kept.filter((c) => !verdict(c)).sort(), ...kept.filter(verdict)];
}

type Loaded = { chain: string; position: number; rule: RunningRule };

const where = (l: Loaded) =>
  `chain ${l.chain}, rule ${l.position}${l.rule.handle !== null ? ` (handle ${l.rule.handle})` : ""}`;

/**
 * The comment a loaded row stands for: the first comment of a managed section of this config that renders it
 * (sections split per family share their `name`), or a managed section name (a section no longer in the config,
 * its rule still loaded). Null: not Rampart's.
 */
function rampartComment(comment: string | null, alias: Map<string, string>, notCompared: Set<string>): string | null {
  if (comment === null || !comment.startsWith(FW4)) return null;
  const name = comment.slice(FW4.length);
  if (!alias.has(name) && notCompared.has(name)) return null;
  return alias.get(name) ?? (isManagedName(name) && ruleIdOf(name) !== null ? name : null);
}

/** A rule loaded in the kernel that fw4 does not write: neither commented `!fw4:` nor one of fw4's policy jumps. */
export const isHandMade = (r: RunningRule) => !(r.comment?.startsWith(FW4) ?? false) && !FW4_UNCOMMENTED.test(r.text);

export interface ChainComparison {
  changes: FirewallChange[];
  /** Rampart's sections whose rule the kernel does not hold as the config says (missing, older, or misplaced). */
  notAsConfigured: Map<string, string>;
  /** Rules added by hand with nft, in the rule chains. */
  handMade: Loaded[];
}

export function compareChains(running: RunningFirewall, sections: UciSection[]): ChainComparison {
  const out: ChainComparison = { changes: [], notAsConfigured: new Map(), handMade: [] };
  if (!running.loaded || !running.chains) return out;
  const expected = expectedRows(sections);
  const alias = new Map<string, string>();
  const sectionsOf = new Map<string, string[]>();
  for (const rows of expected.values()) {
    for (const r of rows) {
      for (const c of r.comments) if (!alias.has(c)) alias.set(c, r.comments[0]);
      sectionsOf.set(r.comments[0], [...(sectionsOf.get(r.comments[0]) ?? []), r.section]);
    }
  }
  // Rampart's sections it renders no expected row for (raw sections: a raw redirect, a rule with a NOTRACK
  // target...): their loaded rows are not compared, rather than called left over from an older config
  const expectedSections = new Set([...sectionsOf.values()].flat());
  const notCompared = new Set(
    sections
      .filter((x) => isManagedName(x.name) && !expectedSections.has(x.name!))
      .map((x) => fw4Escaped(str(x, "name") ?? x.name!)),
  );
  const chainNames = [...new Set([...expected.keys(), ...Object.keys(running.chains).filter(isRuleChain)])];
  for (const chain of chainNames) {
    const loaded = (running.chains[chain] ?? []).map((rule, i) => ({ chain, position: i + 1, rule }));
    for (const l of loaded) {
      if (!isHandMade(l.rule)) continue;
      out.handMade.push(l);
      out.changes.push({
        kind: "remove",
        ruleId: null,
        description: `${where(l)}: "${l.rule.text}"${l.rule.comment ? ` (comment "${l.rule.comment}")` : ""} was not loaded by fw4 but added by hand with nft; a reload removes it`,
      });
    }
    const want = expected.get(chain) ?? [];
    const mine = loaded
      .map((l) => ({ l, comment: rampartComment(l.rule.comment, alias, notCompared) }))
      .filter((x): x is { l: Loaded; comment: string } => x.comment !== null);
    diffRows(
      chain,
      want,
      mine,
      (comment) => want.find((w) => w.comments[0] === comment)?.section ?? sectionsOf.get(comment)?.[0] ?? comment,
      out,
    );
  }
  return out;
}

/** The rows Rampart wants in one chain against the ones loaded there: one change per section that differs. */
function diffRows(
  chain: string,
  want: ExpectedRow[],
  mine: { l: Loaded; comment: string }[],
  sectionOf: (comment: string) => string,
  out: ChainComparison,
): void {
  const key = (comment: string, text: string) => `${comment}\0${text}`;
  const a = want.map((w) => key(w.comments[0], w.text));
  const b = mine.map((m) => key(m.comment, canonicalRule(m.l.rule.text)));
  // longest common subsequence: what stands in the planned order; the rest is missing, extra or moved. The
  // common head and tail are matched first, so a chain in sync (the usual case) costs one pass, not n × m.
  const placed = new Map<number, number>();
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) placed.set(head, head++);
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    placed.set(a.length - 1 - tail, b.length - 1 - tail);
    tail++;
  }
  const n = a.length - tail;
  const m = b.length - tail;
  const dp = Array.from({ length: n - head + 1 }, () => new Array<number>(m - head + 1).fill(0));
  const at = (i: number, j: number) => dp[i - head][j - head];
  for (let i = n - 1; i >= head; i--)
    for (let j = m - 1; j >= head; j--)
      dp[i - head][j - head] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const missing: number[] = [];
  const extra: number[] = [];
  let i = head;
  let j = head;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) placed.set(i++, j++);
    else if (j < m && (i >= n || at(i, j + 1) >= at(i + 1, j))) extra.push(j++);
    else missing.push(i++);
  }
  const prevLoaded = (wi: number) => {
    for (let k = wi - 1; k >= 0; k--) if (placed.has(k)) return mine[placed.get(k)!].l;
    return null;
  };
  const after = (wi: number) => {
    const p = prevLoaded(wi);
    return p ? `after rule ${p.position}` : "before Rampart's other rules";
  };
  const usedExtra = new Set<number>();
  for (const wi of missing) {
    const w = want[wi];
    const same = extra.find((x) => !usedExtra.has(x) && mine[x].comment === w.comments[0]);
    if (same !== undefined) {
      usedExtra.add(same);
      const l = mine[same].l;
      const text = canonicalRule(l.rule.text);
      const moved = text === w.text;
      out.notAsConfigured.set(
        w.section,
        moved ? `is loaded out of order (${where(l)})` : `is loaded as an older version (${where(l)})`,
      );
      out.changes.push(
        moved
          ? {
              kind: "move",
              ruleId: w.ruleId,
              description: `${where(l)}: ${label(w.section)} is loaded out of the planned order; fw4 would load it ${after(wi)}`,
            }
          : {
              kind: "change",
              ruleId: w.ruleId,
              description: `${where(l)}: ${label(w.section)} as loaded is not the committed config's (not reloaded since, or the reload failed)`,
              fields: [{ field: `running rule in ${chain}`, old: text, new: w.text }],
            },
      );
      continue;
    }
    out.notAsConfigured.set(w.section, "is not loaded in the running firewall");
    out.changes.push({
      kind: "add",
      ruleId: w.ruleId,
      description: `chain ${chain}: ${label(w.section)} is not loaded in the running firewall (${after(wi)})`,
    });
  }
  for (const x of extra) {
    if (usedExtra.has(x)) continue;
    const { l, comment } = mine[x];
    const section = sectionOf(comment);
    const twice = want.some((w) => w.comments[0] === comment);
    out.changes.push({
      kind: "remove",
      ruleId: ruleIdOf(section),
      description: `${where(l)}: ${label(section)} is loaded ${twice ? "once more than the config has it" : "though the committed config no longer has it here"}`,
    });
  }
}

/**
 * A rule added by hand with nft as the rule section fw4 would have rendered it from, when every part of it is
 * one a section can say (family, one protocol, addresses, ports, accept/drop/reject); else null. Its zones
 * come from the chain it sits in.
 */
export function handRuleSection(chain: string, rule: RunningRule): UciSection | null {
  const options = new Map<string, string | string[]>([["name", `added by hand with nft in ${chain}`]]);
  const m = /^(input|forward|output)(?:_(\S+))?$/.exec(chain);
  if (!m) return null;
  const [, dir, zone] = m;
  if (dir === "input") options.set("src", zone ?? "*");
  if (dir === "forward") options.set("src", zone ?? "*");
  if (dir === "output" && zone) options.set("dest", zone);
  const clauses = canonicalClauses(rule.text);
  const elements = (v: string) =>
    v
      .replace(/^\{ | \}$/g, "")
      .split(", ")
      .filter(Boolean);
  let proto: string | null = null;
  for (const c of clauses) {
    const w = c.split(" ");
    if (w[0] === "meta" && w[1] === "nfproto" && w.length === 3) options.set("family", w[2]);
    else if (w[0] === "meta" && w[1] === "l4proto" && w.length === 3) proto = w[2];
    else if ((w[0] === "ip" || w[0] === "ip6") && (w[1] === "saddr" || w[1] === "daddr")) {
      const neg = w[2] === "!=";
      const v = c.slice(c.indexOf(w[1]) + w[1].length + 1 + (neg ? 3 : 0));
      if (v.startsWith("@")) return null;
      options.set("family", w[0] === "ip" ? "ipv4" : "ipv6");
      options.set(
        w[1] === "saddr" ? "src_ip" : "dest_ip",
        elements(v).map((e) => `${neg ? "!" : ""}${e}`),
      );
    } else if ((w[0] === "tcp" || w[0] === "udp") && (w[1] === "sport" || w[1] === "dport") && w[2] !== "!=") {
      if (proto !== null && proto !== w[0]) return null;
      proto = w[0];
      options.set(w[1] === "sport" ? "src_port" : "dest_port", elements(c.slice(w[0].length + w[1].length + 2)));
    } else if (c === "accept" || c === "drop") options.set("target", c.toUpperCase());
    else if (c === "jump handle_reject" || c.startsWith("reject")) options.set("target", "REJECT");
    else if (/^jump (accept|drop|reject)_to_\S+$/.test(c) && dir === "forward") {
      const [, t, z] = /^jump (\w+?)_to_(\S+)$/.exec(c)!;
      options.set("target", t.toUpperCase());
      options.set("dest", z);
    } else return null;
  }
  if (!options.has("target")) return null;
  if (dir === "forward" && !options.has("dest")) options.set("dest", "*");
  options.set("proto", [proto ?? "all"]);
  return { type: "rule", name: null, ref: `${chain}#${rule.handle ?? "?"}`, options, text: "" };
}
