// Staged changes ("deltas") as libuci's delta.c keeps them in /tmp/.uci/<config>, one per line:
// none = set, + add, - delete, @ rename, ^ reorder, | add_list, ~ del_list.
import { forEachCommand } from "./uci-tokenize.mjs";
import { addSection, escapeValue, validName, validType } from "./uci-package.mjs";

const PREFIXES = {
  "": "set",
  "+": "add",
  "-": "delete",
  "@": "rename",
  "^": "reorder",
  "|": "add_list",
  "~": "del_list",
};
const PREFIX_OF = Object.fromEntries(Object.entries(PREFIXES).map(([p, c]) => [c, p]));

/** delta = { cmd, section, option?, value? } */
export function formatDelta(config, d) {
  let line = `${PREFIX_OF[d.cmd]}${config}.${d.section}`;
  if (d.option !== undefined) line += `.${d.option}`;
  if (d.value !== undefined) line += `='${escapeValue(d.value)}'`;
  return line + "\n";
}

export function parseDeltas(text) {
  const out = [];
  forEachCommand(text, ({ tokens }) => {
    let t = tokens[0];
    let cmd = "set";
    if ("+-@^|~".includes(t[0])) {
      cmd = PREFIXES[t[0]];
      t = t.slice(1);
    }
    const eq = t.indexOf("=");
    const path = eq >= 0 ? t.slice(0, eq) : t;
    const value = eq >= 0 ? t.slice(eq + 1) : undefined;
    const [, section, option] = path.split(".");
    if (section) out.push({ cmd, section, option, value });
  });
  return out;
}

/** `uci changes` line: rename and reorder print like a set; list-index deletes like a plain delete. */
export function formatChange(config, d) {
  const path = `${config}.${d.section}${d.option !== undefined ? `.${d.option}` : ""}`;
  const v = `'${escapeValue(d.value ?? "")}'`;
  switch (d.cmd) {
    case "delete":
      return `-${path}\n`;
    case "add_list":
      return `${path}+=${v}\n`;
    case "del_list":
      return `${path}-=${v}\n`;
    default:
      return `${path}=${v}\n`;
  }
}

/** Applies one delta to a package. Deltas whose section is gone are ignored, as libuci does on load. */
export function applyDelta(pkg, d) {
  const idx = pkg.sections.findIndex((s) => s.name === d.section);
  const s = idx >= 0 ? pkg.sections[idx] : undefined;
  switch (d.cmd) {
    case "add":
      if (!s && validType(d.value ?? "")) addSection(pkg, d.value, d.section).anonymous = true;
      return;
    case "set":
      if (d.option === undefined) {
        if (!s) {
          if (validType(d.value ?? "") && validName(d.section)) addSection(pkg, d.value, d.section);
        } else s.type = d.value;
      } else if (s && d.value !== undefined) s.options.set(d.option, d.value);
      return;
    case "delete":
      if (!s) return;
      if (d.option === undefined) pkg.sections.splice(idx, 1);
      else if (d.value !== undefined && Array.isArray(s.options.get(d.option))) {
        const list = s.options.get(d.option);
        const n = Number(d.value);
        if (Number.isInteger(n) && n >= 0 && n < list.length) list.splice(n, 1);
        if (list.length === 0) s.options.delete(d.option);
      } else s.options.delete(d.option);
      return;
    case "rename":
      // an invalid new name is staged by the CLI but dropped here, on the next load
      if (!s || !validName(d.value ?? "")) return;
      if (d.option === undefined) {
        s.name = d.value;
        s.anonymous = false;
      } else if (s.options.has(d.option)) {
        const entries = [...s.options].map(([k, v]) => (k === d.option ? [d.value, v] : [k, v]));
        s.options = new Map(entries);
      }
      return;
    case "reorder": {
      if (!s) return;
      pkg.sections.splice(idx, 1);
      const n = Math.max(0, Math.min(parseInt(d.value ?? "0", 10) || 0, pkg.sections.length));
      pkg.sections.splice(n, 0, s);
      return;
    }
    case "add_list": {
      if (!s || d.option === undefined) return;
      const prev = s.options.get(d.option);
      const list = prev === undefined ? [] : Array.isArray(prev) ? prev : [prev];
      s.options.set(d.option, [...list, d.value ?? ""]);
      return;
    }
    case "del_list": {
      if (!s || d.option === undefined) return;
      const prev = s.options.get(d.option);
      if (!Array.isArray(prev)) return;
      const kept = prev.filter((x) => x !== d.value);
      if (kept.length) s.options.set(d.option, kept);
      else s.options.delete(d.option);
      return;
    }
  }
}
