// A reduced fw4 ruleset renderer plus the nft checks that make `fw4 check` fail where real nft would
// (docs/openwrt-uci.md §2, §4): a multi-protocol list item, unknown protocol names, long comments.

import { natChains, zoneTail } from "./fw4-render-nat.mjs";

const NFT_PROTOS = new Set(
  (
    "ip icmp igmp ggp ipencap st tcp egp igp pup udp hmp xns-idp rdp iso-tp4 dccp xtp ddp " +
    "idpr-cmtp ipv6 ipv6-route ipv6-frag idrp rsvp gre esp ah skip ipv6-icmp ipv6-nonxt ipv6-opts rspf vmtp eigrp ospf " +
    "ax.25 ipip etherip encap pim ipcomp vrrp l2tp isis sctp fc mobility-header udplite mpls-in-ip manet hip shim6 " +
    "wesp rohc ethernet icmpv6"
  ).split(" "),
);

// fw4's quote(): backslash before each `"` and `\`. nft's quoted strings have no escapes, so the kernel keeps
// the doubled backslashes, and a `\"` ends the string early: the whole load fails (checkNft below).
const quoteComment = (name) => `"!fw4: ${name.replace(/(["\\])/g, "\\$1")}"`;

function chainOf(o) {
  const src = o.src;
  const dest = o.dest;
  if (src && src !== "*" && dest) return `forward_${src}`;
  if (src && src !== "*") return `input_${src}`;
  if (src === "*") return dest ? "forward" : "input";
  if (dest && dest !== "*") return `output_${dest}`;
  return "output";
}

function verdictOf(o) {
  const t = o.target;
  if (!t) return ""; // no target: a counting-only rule
  const concreteDest = o.dest && o.dest !== "*";
  if (concreteDest && ["ACCEPT", "REJECT", "DROP"].includes(t)) return ` jump ${t.toLowerCase()}_to_${o.dest}`;
  if (t === "REJECT") return " jump handle_reject";
  if (t === "ACCEPT") return " accept";
  if (t === "DROP") return " drop";
  return ` ${t.toLowerCase()}`;
}

const setOf = (items) => (items.length === 1 ? items[0] : `{ ${items.join(", ")} }`);

function ruleLines(rule) {
  const o = rule.opts;
  const name = o.name ?? rule.label;
  const protos = o.proto ?? ["tcpudp"];
  const expanded = protos.flatMap((p) => (p === "tcpudp" ? ["tcp", "udp"] : [p]));
  const lines = [];
  for (const proto of expanded) {
    const parts = [];
    const fam = o.family === "ipv6" ? "ip6" : "ip";
    if (o.family === "ipv4" || o.family === "ipv6") parts.push(`meta nfproto ${o.family}`);
    const neg = proto.startsWith("!");
    const bare = neg ? proto.slice(1).trimStart() : proto;
    if (bare !== "all")
      parts.push(`meta l4proto ${neg ? "!= " : ""}${bare === "icmp" && o.family === "ipv6" ? "icmpv6" : bare}`);
    // fw4 writes negated addresses as their own `!=` match (rule.uc: saddrs_neg), never as "!a" in a set
    for (const [opt, dir] of [
      ["src_ip", "saddr"],
      ["dest_ip", "daddr"],
    ]) {
      const pos = (o[opt] ?? []).filter((a) => !a.startsWith("!"));
      const neg = (o[opt] ?? []).filter((a) => a.startsWith("!")).map((a) => a.slice(1));
      if (pos.length) parts.push(`${fam} ${dir} ${setOf(pos)}`);
      if (neg.length) parts.push(`${fam} ${dir} != ${setOf(neg)}`);
    }
    if (o.src_mac?.length) parts.push(`ether saddr ${setOf(o.src_mac)}`);
    // ports only apply to tcp/udp: with any other protocol they silently vanish
    if (proto === "tcp" || proto === "udp") {
      if (o.src_port?.length) parts.push(`${proto} sport ${setOf(o.src_port.map((p) => p.replace(":", "-")))}`);
      if (o.dest_port?.length) parts.push(`${proto} dport ${setOf(o.dest_port.map((p) => p.replace(":", "-")))}`);
    }
    if ((proto === "icmp" || proto === "icmpv6") && o.icmp_type?.length) parts.push(`icmp type ${setOf(o.icmp_type)}`);
    if (o.ipset) {
      const [set, dir] = o.ipset.replace(/^!\s*/, "").split(/\s+/);
      parts.push(`${fam} ${dir === "dst" ? "daddr" : "saddr"}${o.ipset.startsWith("!") ? " !=" : ""} @${set}`);
    }
    if (o.limit) parts.push(`limit rate ${o.limit}${o.limit_burst ? ` burst ${o.limit_burst} packets` : ""}`);
    if (o.counter !== "0") parts.push("counter");
    if (o.log) parts.push(`log prefix "${o.log === "1" ? `${name}: ` : o.log}"`);
    lines.push(`\t\t${parts.join(" ")}${verdictOf(o)} comment ${quoteComment(name)}`);
  }
  return lines;
}

/** The sets a load declares: name, nft type, flags and the elements its `elements = { … }` line adds. */
export function declaredSets(fw) {
  return fw.ipsets.map((set) => {
    const type = set.match.some((m) => m.endsWith("port"))
      ? "inet_service"
      : set.family === "ipv6"
        ? "ipv6_addr"
        : "ipv4_addr";
    const net = set.match.some((m) => m.endsWith("net"));
    // with match 'ip' a CIDR entry is silently truncated to its address
    const elements = set.entries.map((e) => nftElement(net ? e : e.split("/")[0]));
    return { name: set.name, type, flags: net ? ["interval"] : [], elements };
  });
}

/** nft prints a host prefix (/32, /128) as the bare address. */
const nftElement = (e) => e.replace(/\/(32|128)$/, (m, len) => ((len === "32") === !e.includes(":") ? "" : m));

export const setText = (set, terse = false) =>
  `\tset ${set.name} {\n\t\ttype ${set.type}\n${set.flags.length ? `\t\tflags ${set.flags.join(",")}\n` : ""}` +
  `${!terse && set.elements.length ? `\t\telements = { ${set.elements.join(", ")} }\n` : ""}\t}\n`;

/** The chains a load builds, in fw4's order. */
export function renderChains(fw) {
  const chains = new Map([
    ["input", []],
    ["forward", []],
    ["output", []],
  ]);
  for (const z of fw.zones) for (const c of ["input", "forward", "output"]) chains.set(`${c}_${z.name}`, []);
  for (const r of fw.rules) {
    const chain = chainOf(r.opts);
    if (!chains.has(chain)) chains.set(chain, []);
    chains.get(chain).push(...ruleLines(r));
  }
  for (const [name, lines] of chains) lines.push(...zoneTail(fw, name));
  for (const [name, lines] of natChains(fw)) chains.set(name, lines);
  return [...chains].map(([name, lines]) => `\tchain ${name} {\n${lines.map((l) => `${l}\n`).join("")}\t}\n`);
}

export function renderRuleset(fw) {
  const parts = [...declaredSets(fw).map((s) => setText(s)), ...renderChains(fw)];
  return `table inet fw4\nflush table inet fw4\n\ntable inet fw4 {\n${parts.map((p) => `${p}\n`).join("")}}\n`;
}

/** What `nft -c -f -` would say about the rendered text: [] when it loads. */
export function nftCheck(text) {
  const errors = [];
  text.split("\n").forEach((line, i) => {
    const m = /meta l4proto (?:!= )?(\S+)(?: (\S+))?(?: (\S+))?/.exec(line);
    if (m) {
      const col = m.index + "meta l4proto ".length + 1;
      const [, proto, next, after] = m;
      const startsMatch = [
        "ip",
        "ip6",
        "ether",
        "icmp",
        "icmpv6",
        "limit",
        "counter",
        "accept",
        "drop",
        "jump",
        "comment",
        "log",
        "meta",
      ];
      const bad =
        next !== undefined &&
        !startsMatch.includes(next) &&
        !(["tcp", "udp"].includes(next) && ["sport", "dport"].includes(after));
      if (bad) {
        const at = col + proto.length + 1;
        errors.push(
          `/dev/stdin:${i + 1}:${at}-${at + next.length - 1}: Error: syntax error, unexpected string\n${line}\n${" ".repeat(at - 1)}${"^".repeat(next.length)}`,
        );
      } else if (!/^\d+$/.test(proto) && !NFT_PROTOS.has(proto)) {
        errors.push(
          `/dev/stdin:${i + 1}:${col}-${col + proto.length - 1}: Error: Could not resolve protocol name\n${line}`,
        );
      }
    }
    // nft expands variables inside a log prefix string (not in comments): any $ is an unknown identifier
    // ([run] with nftables 1.0.6: `log prefix "a$b: "` -> Error: unknown identifier 'b', carets under the string)
    const lp = /log prefix ("[^"]*")/.exec(line);
    if (lp && lp[1].includes("$")) {
      const at = lp.index + "log prefix ".length + 1;
      const id = /\$([A-Za-z0-9_]*)/.exec(lp[1])[1];
      errors.push(
        `/dev/stdin:${i + 1}:${at}-${at + lp[1].length - 1}: Error: unknown identifier '${id}'\n${line}\n${" ".repeat(at - 1)}${"^".repeat(lp[1].length)}`,
      );
    }
    const c = /comment "((?:[^"\\]|\\.)*)"/.exec(line);
    if (c && (c[1].match(/\\./g) ?? []).includes('\\"')) {
      const at = c.index + "comment ".length + 1;
      errors.push(
        `/dev/stdin:${i + 1}:${at}-${c.index + c[0].length}: Error: syntax error, unexpected string\n${line}`,
      );
    } else if (c && Buffer.byteLength(c[1]) > 128) {
      errors.push(
        `/dev/stdin:${i + 1}:${c.index + 1}-${c.index + c[0].length}: Error: comment too long, 128 characters maximum allowed\n${line}`,
      );
    }
  });
  return errors;
}
