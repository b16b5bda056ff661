import { z } from "zod";

/**
 * A vendor raw rule: what the model cannot express (RouterOS fasttrack, an IPsec-policy matcher, an OpenWrt zone
 * section...) kept as the vendor's own property set, in its place among the rules, so an import skips nothing.
 *
 * - `vendor` names the router vendor it is bound to (lib/routers/profiles.ts holds the names; the model only
 *   checks the spelling, it knows no vendor). Only that vendor's compiler pushes it; every other refuses it at
 *   preview, naming the rule.
 * - `type` is the vendor's kind of item: RouterOS "filter" (the /ip or /ipv6 table is the rule's `family`) or
 *   "nat" (an /ip/firewall/nat row, held by a NAT rule); OpenWrt a uci section type ("rule", "zone",
 *   "forwarding", "defaults", "include", ...). A filter rule holds a vendor's filter types, a NAT rule its NAT
 *   types (RawGrammar.types / natTypes in lib/routers/driver.ts).
 * - `props` are pushed verbatim: a RouterOS row's properties (without comment and disabled: those stay the
 *   rule's `comment` and `enabled`), or a uci section's options (a list option is a string array). Each vendor
 *   checks them against its grammar (lib/routers/<vendor>/raw-grammar.ts).
 * - The rule's modelled fields (chain, action, addresses...) are not used for a raw rule: the compilers push the
 *   props, the analysis and the packet tester say they cannot decide it (never treat it as an accept or drop).
 */
export const rawRuleSchema = z
  .object({
    vendor: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, "vendor must be a router vendor name such as mikrotik or openwrt"),
    type: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "type must be a word such as filter, rule or zone"),
    props: z
      .record(
        z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "property names use letters, digits, '.', '_' and '-'"),
        z.union([z.string().max(4096, "value is longer than 4096 characters"), z.array(z.string().max(4096)).max(256)]),
      )
      .refine((p) => Object.keys(p).length <= 64, "a raw rule holds at most 64 properties"),
  })
  .describe(
    "A vendor raw rule: the vendor's own properties, pushed verbatim to routers of that vendor only (others refuse it at preview). " +
      "mikrotik/filter: one /ip or /ipv6 firewall filter row (the rule's family picks the table) without comment and disabled; " +
      "mikrotik/nat (on a NAT rule): one /ip/firewall/nat row, likewise; " +
      "openwrt/<section type>: one uci section of /etc/config/firewall, list options as arrays. The modelled fields of such a rule are not used.",
  );
export type RawRule = z.infer<typeof rawRuleSchema>;

/** One line per property, as the editor shows and takes them: `name=value`; a list option repeats its name. */
export function formatRawProps(props: RawRule["props"]): string {
  return Object.entries(props)
    .flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => `${k}=${x}`) : [`${k}=${v}`]))
    .join("\n");
}

export type ParsedRawProps = { ok: true; props: RawRule["props"] } | { ok: false; line: number; message: string };

/**
 * The editor's property text back to props. `list` names the options that are lists (a repeated name is a list
 * there; elsewhere a repeated name is an error, so a typo never silently overwrites a value).
 */
export function parseRawProps(text: string, isList: (name: string) => boolean = () => false): ParsedRawProps {
  const props: RawRule["props"] = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { ok: false, line: i + 1, message: `line ${i + 1}: '${line}' is not name=value` };
    const name = line.slice(0, eq).trim();
    const value = line.slice(eq + 1);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name))
      return { ok: false, line: i + 1, message: `line ${i + 1}: '${name}' is not a property name` };
    const had = props[name];
    if (isList(name)) props[name] = [...(had === undefined ? [] : [had].flat()), value];
    else if (had !== undefined) return { ok: false, line: i + 1, message: `line ${i + 1}: ${name} is given twice` };
    else props[name] = value;
  }
  return { ok: true, props };
}

/** A short text naming the raw rule for messages: `RouterOS raw rule: fasttrack-connection`. */
export function rawSummary(raw: RawRule): string {
  const first = raw.props.action ?? raw.props.target ?? raw.props.name;
  const head = typeof first === "string" ? first : Array.isArray(first) ? first.join(" ") : raw.type;
  return `${raw.type} ${head}`.trim();
}
