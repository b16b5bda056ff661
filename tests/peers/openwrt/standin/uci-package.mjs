// In-memory uci package: parse a config file, name anonymous sections like libuci, export it back.
import { forEachCommand, UciParseError } from "./uci-tokenize.mjs";

export const ERR = {
  INVAL: { code: 2, text: "Invalid argument" },
  NOTFOUND: { code: 3, text: "Entry not found" },
  IO: { code: 4, text: "I/O error" },
  PARSE: { code: 5, text: "Parse error" },
  DUP: { code: 6, text: "Duplicate entry" },
};

export class UciError extends Error {
  constructor(err, detail, where = "") {
    super((detail ? `${err.text} (${detail})` : err.text) + where);
    this.err = err;
  }
}

export const validName = (s) => typeof s === "string" && /^[A-Za-z0-9_]+$/.test(s);
export const validConfigName = (s) => typeof s === "string" && /^[A-Za-z0-9_-]+$/.test(s);
export const validType = (s) => typeof s === "string" && /^[\x21-\x7e]+$/.test(s);
// values: no control characters except TAB, CR, LF
export const validValue = (s) => !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(s);

// libuci's djbhash over the section type; the id is cfg + %02x position + %04x hash
function typeHash(type) {
  let h = 5381;
  for (const b of Buffer.from(type, "utf8")) h = (((h << 5) >>> 0) + h + b) >>> 0;
  return (h & 0x7fffffff) % 65536;
}
export function anonymousId(position, type) {
  return `cfg${(position & 0xff).toString(16).padStart(2, "0")}${typeHash(type).toString(16).padStart(4, "0")}`;
}

export function emptyPackage(name) {
  return { name, sections: [], nSection: 0 };
}

export function addSection(pkg, type, name) {
  pkg.nSection++;
  const anonymous = !name;
  const section = { name: name || anonymousId(pkg.nSection, type), type, anonymous, options: new Map() };
  pkg.sections.push(section);
  return section;
}

export function parsePackage(name, text) {
  const pkg = emptyPackage(name);
  let current = null;
  forEachCommand(text, ({ tokens, line }) => {
    const [kw, ...args] = tokens;
    const fail = (reason) => {
      throw new UciParseError(reason, line, 0);
    };
    if (kw === "package") {
      if (args.length !== 1) fail("invalid package statement");
      return;
    }
    if (kw === "config") {
      if (args.length < 1 || args.length > 2) fail("too many arguments");
      if (!validType(args[0])) fail("invalid section type");
      if (args.length === 2 && !validName(args[1])) fail("invalid section name");
      const existing = args[1] && pkg.sections.find((s) => s.name === args[1]);
      // a repeated named section merges into the earlier one, as libuci does
      current = existing || addSection(pkg, args[0], args[1]);
      return;
    }
    if (kw === "option" || kw === "list") {
      if (!current) fail(`${kw} command found before the first section`);
      if (args.length !== 2) fail("too many arguments");
      if (!validName(args[0])) fail("invalid option name");
      if (kw === "option") current.options.set(args[0], args[1]);
      else {
        const prev = current.options.get(args[0]);
        current.options.set(args[0], Array.isArray(prev) ? [...prev, args[1]] : [args[1]]);
      }
      return;
    }
    fail("invalid command");
  });
  return pkg;
}

export const escapeValue = (v) => v.replace(/'/g, "'\\''");

/** `uci export` body; `withHeader` adds the package line, `withNames` names anonymous sections (-n). */
export function exportPackage(pkg, { withHeader = true, withNames = false } = {}) {
  let out = withHeader ? `package ${pkg.name}\n` : "";
  for (const s of pkg.sections) {
    out += `\nconfig ${s.type}`;
    if (!s.anonymous || withNames) out += ` '${escapeValue(s.name)}'`;
    out += "\n";
    for (const [k, v] of s.options) {
      if (Array.isArray(v)) for (const item of v) out += `\tlist ${k} '${escapeValue(item)}'\n`;
      else out += `\toption ${k} '${escapeValue(v)}'\n`;
    }
  }
  return out + "\n";
}

/** Resolves `@type[i]`, `@[i]` or a plain name to a section, or undefined. Throws on malformed syntax. */
export function findSection(pkg, ref) {
  const m = /^@([^[\]]*)\[(-?\d+)\]$/.exec(ref);
  if (ref.startsWith("@")) {
    if (!m) throw new UciError(ERR.INVAL);
    const list = m[1] === "" ? pkg.sections : pkg.sections.filter((s) => s.type === m[1]);
    let idx = Number(m[2]);
    if (idx < 0) idx += list.length;
    return list[idx];
  }
  if (!validName(ref)) throw new UciError(ERR.INVAL);
  return pkg.sections.find((s) => s.name === ref);
}

/** Display name for `uci show`: `@type[i]` for anonymous sections (index counts named ones too). */
export function displayNames(pkg) {
  const counters = new Map();
  const names = new Map();
  for (const s of pkg.sections) {
    const i = counters.get(s.type) ?? 0;
    counters.set(s.type, i + 1);
    names.set(s, s.anonymous ? `@${s.type}[${i}]` : s.name);
  }
  return names;
}
