/**
 * What the kernel holds: `nft -a list table inet fw4` parsed for its sets and their elements, and its chains with
 * their rules in order. The config (uci) is only what fw4 would load; `fw4 reload` keeps elements a set already
 * holds (docs/openwrt-uci.md §4), a reload may not have run or may have failed, and `nft` can change a chain by
 * hand: a push, a rollback or drift that only read uci would call the router in sync while it enforces other rules.
 */
export interface RunningFirewall {
  /** false: there is no table inet fw4 (the firewall is not loaded). */
  loaded: boolean;
  /** Every set of table inet fw4: name -> elements as nft prints them. */
  sets: Record<string, string[]>;
  /** Every chain of table inet fw4: name -> its rules in order (absent when the state was stored without them). */
  chains?: Record<string, RunningRule[]>;
}

export interface RunningRule {
  /** The rule as nft lists it, counter values and handle left out (they change with every packet / load). */
  text: string;
  /** The rule's comment (`comment "…"`), or null. fw4 writes `!fw4: <name>` on the rules it renders. */
  comment: string | null;
  /** The rule's handle (`nft -a`), which `nft delete rule … handle N` names; null when listed without -a. */
  handle: number | null;
  /**
   * What the rule's `counter` statement printed: packets and bytes since the rule was loaded (every `fw4 reload`
   * loads the rules anew, so they start again at 0). Absent for a rule without a counter.
   */
  counters?: { packets: number; bytes: number };
}

const HANDLE = / # handle (\d+)$/;

/** One rule line of a listing as a RunningRule. */
export function parseRuleLine(line: string): RunningRule {
  const h = HANDLE.exec(line);
  const raw = (h ? line.slice(0, h.index) : line).trim();
  const n = /(?:^| )counter packets (\d+) bytes (\d+)/.exec(raw);
  let text = raw
    .replace(/ counter packets \d+ bytes \d+/g, " counter")
    .replace(/^counter packets \d+ bytes \d+/, "counter");
  let comment: string | null = null;
  // nft prints a comment as it was scanned: its quoted strings have no escapes, so nothing is unescaped here
  const c = / comment "([^"]*)"$/.exec(text);
  if (c) {
    comment = c[1];
    text = text.slice(0, c.index);
  }
  const rule: RunningRule = { text, comment, handle: h ? Number(h[1]) : null };
  if (n) rule.counters = { packets: Number(n[1]), bytes: Number(n[2]) };
  return rule;
}

/** The `nft [-a] list table inet fw4` text (or the failure of that command) as a RunningFirewall. */
export function parseNftTable(text: string, ok: boolean): RunningFirewall {
  if (!ok) return { loaded: false, sets: {}, chains: {} };
  const sets: Record<string, string[]> = {};
  const chains: Record<string, RunningRule[]> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const ch = /^\tchain (\S+) \{(?: # handle \d+)?$/.exec(lines[i]);
    if (ch) {
      const rules: RunningRule[] = [];
      for (i++; i < lines.length && lines[i] !== "\t}"; i++) {
        const line = lines[i];
        // a base chain's first line declares its hook and policy; it is not a rule
        if (!line.startsWith("\t\t") || /^\t\ttype \S+ hook /.test(line)) continue;
        rules.push(parseRuleLine(line));
      }
      chains[ch[1]] = rules;
      continue;
    }
    const m = /^\tset (\S+) \{(?: # handle \d+)?$/.exec(lines[i]);
    if (!m) continue;
    const elements: string[] = [];
    for (i++; i < lines.length && lines[i] !== "\t}"; i++) {
      const e = /^\t\telements = \{(.*)$/.exec(lines[i]);
      if (!e) continue;
      // a long element list wraps over several lines; it ends at the closing brace
      let body = e[1];
      while (!body.includes("}") && i + 1 < lines.length) body += ` ${lines[++i]}`;
      for (const el of body.slice(0, body.indexOf("}")).split(",")) {
        // an element may carry annotations (counter, timeout, expires …): the value is the first word
        const v = el.trim().split(/\s+/)[0];
        if (v) elements.push(v);
      }
    }
    sets[m[1]] = elements;
  }
  return { loaded: true, sets, chains };
}

/** The element as nft prints it: a host prefix (/32 for IPv4, /128 for IPv6) is the bare address. */
export function nftElement(entry: string): string {
  const v6 = entry.includes(":");
  return entry.replace(v6 ? /\/128$/ : /\/32$/, "").toLowerCase();
}
