/**
 * What the kernel holds: `nft list table inet fw4` parsed for its sets and their elements. The config (uci) is
 * only what fw4 would load; `fw4 reload` keeps elements a set already holds (docs/openwrt-uci.md §4), so a push,
 * a rollback or drift that only read uci would call a removed address gone while it still matches.
 */
export interface RunningFirewall {
  /** false: there is no table inet fw4 (the firewall is not loaded). */
  loaded: boolean;
  /** Every set of table inet fw4: name -> elements as nft prints them. */
  sets: Record<string, string[]>;
}

/** The `nft list table inet fw4` text (or the failure of that command) as a RunningFirewall. */
export function parseNftTable(text: string, ok: boolean): RunningFirewall {
  if (!ok) return { loaded: false, sets: {} };
  const sets: Record<string, string[]> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^\tset (\S+) \{$/.exec(lines[i]);
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
  return { loaded: true, sets };
}

/** The element as nft prints it: a host prefix (/32 for IPv4, /128 for IPv6) is the bare address. */
export function nftElement(entry: string): string {
  const v6 = entry.includes(":");
  return entry.replace(v6 ? /\/128$/ : /\/32$/, "").toLowerCase();
}
