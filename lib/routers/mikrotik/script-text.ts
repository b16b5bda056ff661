import { ruleLabel } from "@/lib/rules/describe";
import type { RuleSetContent } from "@/lib/rules/schema";
import type { DecompileResult, LiveFirewall, LiveFirewallItem, SkippedItem, TextExportResult } from "../driver";
import { compileRuleSet } from "./compile-rules";
import { decompileFirewall } from "./decompile-firewall";
import { sortProps } from "./field-diff";
import { isBooleanProp, isRuleTable, type RosFamily, type TableKind } from "./firewall-props";
import { parseManagedComment } from "./managed-comment";
import { quote } from "./revert-script";

/**
 * A rule set as a RouterOS script (`.rsc`, the `/export` layout an admin pastes into a terminal or runs with
 * `/import`), and such a script read back. Items keep their `rampart:` tags, so pasted rules are Rampart's
 * (the next push puts them in place) and reading the script back gives the same rule set, ids included.
 * Address lists nothing refers to and that have no entries would vanish: they ride along as comments.
 */
const MENUS: { kind: TableKind; family: RosFamily; path: string }[] = [
  { kind: "address-list-entry", family: "ipv4", path: "/ip firewall address-list" },
  { kind: "address-list-entry", family: "ipv6", path: "/ipv6 firewall address-list" },
  { kind: "filter", family: "ipv4", path: "/ip firewall filter" },
  { kind: "nat", family: "ipv4", path: "/ip firewall nat" },
  { kind: "filter", family: "ipv6", path: "/ipv6 firewall filter" },
];
const EMPTY_LIST = /^#\s*rampart:empty-list\s+(\S+)\s*$/;
const BARE = /^[A-Za-z0-9._:/!,@+-]+$/;

export function exportScript(content: RuleSetContent, meta: { name: string; revision?: number }): TextExportResult {
  const compiled = compileRuleSet(content);
  if (!compiled.ok) return { ok: false, issues: compiled.issues };
  const lines = [
    `# Rampart rule set ${oneLine(meta.name)}${meta.revision ? ` revision ${meta.revision}` : ""}: RouterOS script`,
    "# Paste into a terminal or run /import. Items tagged rampart: are managed by Rampart; rules are appended,",
    "# and the next push from Rampart moves them above the router's own rules.",
  ];
  // Named as messages name rules ("rule #2 SSH from office"): the admin reading the script never sees rule ids.
  for (const n of compiled.desired.notes)
    lines.push(`# note: rule ${oneLine(ruleLabel(content.rules, n.ruleId) ?? n.ruleId)}: ${oneLine(n.message)}`);
  const used = new Set(compiled.desired.items.filter((i) => i.kind === "address-list-entry").map((i) => i.fields.list));
  for (const l of content.addressLists) if (!used.has(l.name)) lines.push(`# rampart:empty-list ${l.name}`);
  for (const m of MENUS) {
    const items = compiled.desired.items.filter((i) => i.kind === m.kind && (i.family ?? "ipv4") === m.family);
    if (items.length === 0) continue;
    lines.push(m.path);
    for (const item of items)
      lines.push(
        `add ${sortProps(m.kind, Object.keys(item.fields))
          .map((p) => `${p}=${scriptValue(p, item.fields[p])}`)
          .join(" ")}`,
      );
  }
  const base = meta.name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "rule-set";
  return {
    ok: true,
    filename: `${base}${meta.revision ? `.r${meta.revision}` : ""}.rsc`,
    mediaType: "text/plain; charset=utf-8",
    text: lines.join("\n") + "\n",
  };
}

function scriptValue(prop: string, value: string): string {
  const v = isBooleanProp(prop) ? (value === "true" ? "yes" : value === "false" ? "no" : value) : value;
  return BARE.test(v) ? v : quote(v);
}

const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ");

/** Reads a RouterOS script: the five firewall menus' `add` commands become items, everything else is listed. */
export function importScript(text: string): DecompileResult {
  const items: LiveFirewallItem[] = [];
  const skipped: SkippedItem[] = [];
  const emptyLists: string[] = [];
  let menu: (typeof MENUS)[number] | null | undefined;
  let menuText = "";
  for (const { line, no } of logicalLines(text)) {
    const ref = `line ${no}`;
    const empty = EMPTY_LIST.exec(line);
    if (empty) emptyLists.push(empty[1]);
    if (line.startsWith("#") || line.trim() === "") continue;
    let words: string[];
    try {
      words = tokenize(line);
    } catch (e) {
      skipped.push({ ref, label: line.slice(0, 60), reason: e instanceof Error ? e.message : "cannot be read" });
      continue;
    }
    if (words[0]?.startsWith("/")) {
      const path: string[] = [];
      while (words.length && !isVerb(words[0]) && !words[0].includes("="))
        path.push(...words.shift()!.split("/").filter(Boolean));
      menuText = `/${path.join(" ")}`;
      menu = MENUS.find((m) => m.path === menuText) ?? null;
      if (words.length === 0) continue;
    }
    if (menu === undefined) {
      skipped.push({
        ref,
        label: line.slice(0, 60),
        reason: "a command before any menu line (such as /ip firewall filter)",
      });
      continue;
    }
    if (menu === null) {
      skipped.push({
        ref,
        label: `${menuText} ${line}`.slice(0, 80),
        reason: `${menuText} is not part of a Rampart rule set (filter rules, NAT rules and address lists only)`,
      });
      continue;
    }
    if (words[0] !== "add") {
      skipped.push({ ref, label: line.slice(0, 60), reason: `only 'add' commands are read ('${words[0]}' is not)` });
      continue;
    }
    const raw: Record<string, string> = {};
    for (const w of words.slice(1)) {
      const eq = w.indexOf("=");
      if (eq <= 0) {
        skipped.push({
          ref,
          label: line.slice(0, 60),
          field: w,
          reason: `'${w}' is not a property=value pair`,
          partial: true,
        });
        continue;
      }
      const prop = w.slice(0, eq);
      const value = w.slice(eq + 1);
      if (prop === "place-before") continue; // a position on some router; order is the order of the lines
      raw[prop] = isBooleanProp(prop)
        ? value === "yes" || value === "true"
          ? "true"
          : value === "no" || value === "false"
            ? "false"
            : value
        : value;
    }
    const managed = parseManagedComment(raw.comment);
    items.push({
      ref,
      kind: menu.kind,
      family: menu.family,
      managedId:
        managed && (isRuleTable(menu.kind) ? !managed.id.startsWith("list:") : managed.id === `list:${raw.list}`)
          ? managed.id
          : null,
      dynamic: false,
      raw,
    });
  }
  const live: LiveFirewall = { items, stateHash: "" };
  const result = decompileFirewall(live, { managedOnly: false });
  const have = new Set(result.content.addressLists.map((l) => l.name));
  const addressLists = [
    ...result.content.addressLists,
    ...emptyLists.filter((n) => !have.has(n)).map((name) => ({ name, entries: [] })),
  ];
  return { content: { ...result.content, addressLists }, skipped: [...skipped, ...result.skipped] };
}

const VERBS = new Set([
  "add",
  "set",
  "remove",
  "print",
  "move",
  "enable",
  "disable",
  "unset",
  "find",
  "export",
  "edit",
  "comment",
]);
const isVerb = (w: string) => VERBS.has(w);

/** Lines with `\` continuations joined, numbered by the first physical line. */
function logicalLines(text: string): { line: string; no: number }[] {
  const out: { line: string; no: number }[] = [];
  const physical = text.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < physical.length; i++) {
    const no = i + 1;
    let line = physical[i];
    while (/\\$/.test(line) && !/\\\\$/.test(line) && i + 1 < physical.length)
      line = line.slice(0, -1) + physical[++i].replace(/^\s+/, "");
    out.push({ line: line.trim(), no });
  }
  return out;
}

/** Script words: whitespace splits, "..." quotes with \-escapes (\", \\, \$, \?, \n, \t, \r, \_ and \HH). */
function tokenize(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let w = "";
    while (i < line.length && !/\s/.test(line[i])) {
      const c = line[i];
      if (c !== '"') {
        w += c;
        i++;
        continue;
      }
      i++;
      let closed = false;
      while (i < line.length) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\") {
          const e = line[i + 1] ?? "";
          if (/^[0-9A-Fa-f]{2}$/.test(line.slice(i + 1, i + 3))) {
            w += String.fromCharCode(parseInt(line.slice(i + 1, i + 3), 16));
            i += 3;
            continue;
          }
          w += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "_" ? " " : e;
          i += 2;
          continue;
        }
        w += d;
        i++;
      }
      if (!closed) throw new Error("unterminated quote");
    }
    out.push(w);
  }
  return out;
}
