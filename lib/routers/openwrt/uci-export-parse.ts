/**
 * Parses `uci export <config>` (docs/openwrt-uci.md §3): `config <type> ['<name>']`, `option <k> '<v>'`,
 * `list <k> '<v>'`. Export keeps option vs list apart, which `uci show` does not for one-item lists.
 */
export interface UciSection {
  type: string;
  /** Section name, or null for an anonymous section. */
  name: string | null;
  /** `@type[i]` for anonymous sections (index counts named sections of the type too), else the name. */
  ref: string;
  options: Map<string, string | string[]>;
  /** The section's exact text in the export: its `config` line and option lines, each ending in "\n". */
  text: string;
}

/** Splits one line into words with uci's quoting: '…' literal, "…" and bare \ escapes, # comments. */
export function words(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length || line[i] === "#") break;
    let w = "";
    while (i < line.length && !/\s/.test(line[i])) {
      const c = line[i];
      if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new Error("unterminated quote in uci export");
        w += line.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === "\\") i++;
          w += line[i++] ?? "";
        }
        i++;
      } else if (c === "\\") {
        w += line[i + 1] ?? "";
        i += 2;
      } else {
        w += c;
        i++;
      }
    }
    out.push(w);
  }
  return out;
}

/**
 * True while `text` ends inside a quoted value, read with the rules of words(). Inside '…' a backslash is an
 * ordinary character, so uci's own escape of a quote, '\'', must not be counted by removing "\'" pairs: for a
 * value ending in a backslash ('a\') that would swallow the following lines and hide whole sections.
 */
function endsInsideQuote(text: string): boolean {
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === "\\") i++;
      else if (c === '"') quote = null;
    } else if (c === "\\") i++;
    else if (c === "'" || c === '"') quote = c;
  }
  return quote !== null;
}

/** Joins physical lines while a quoted value is still open (values may contain newlines). */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let acc = "";
  for (const line of text.split("\n")) {
    acc = acc === "" ? line : `${acc}\n${line}`;
    if (!endsInsideQuote(acc)) {
      out.push(acc);
      acc = "";
    }
  }
  if (acc !== "") out.push(acc);
  return out;
}

export function parseUciExport(text: string): UciSection[] {
  const sections: UciSection[] = [];
  const typeCount = new Map<string, number>();
  let current: UciSection | null = null;
  for (const line of logicalLines(text)) {
    const [kw, a, b] = words(line);
    if (kw === "config" && a !== undefined) {
      const idx = typeCount.get(a) ?? 0;
      typeCount.set(a, idx + 1);
      current = { type: a, name: b ?? null, ref: b ?? `@${a}[${idx}]`, options: new Map(), text: `${line}\n` };
      sections.push(current);
    } else if ((kw === "option" || kw === "list") && current && a !== undefined && b !== undefined) {
      current.text += `${line}\n`;
      if (kw === "option") current.options.set(a, b);
      else {
        const prev = current.options.get(a);
        current.options.set(a, Array.isArray(prev) ? [...prev, b] : [b]);
      }
    }
  }
  return sections;
}

/**
 * `uci export` text from section texts, in uci's own layout: the package line, then a blank line before each
 * section, and a blank line at the end. For an export this parser read, renderExport(parse(x)) === x.
 */
export function renderExport(sectionTexts: string[], config = "firewall"): string {
  return `package ${config}\n${sectionTexts.map((t) => `\n${t}`).join("")}\n`;
}
