// The uci verbs Rampart relies on, with libuci's results, messages and exit codes (docs/openwrt-uci.md §3).
import {
  ERR,
  UciError,
  anonymousId,
  displayNames,
  escapeValue,
  exportPackage,
  findSection,
  parsePackage,
  validConfigName,
  validName,
  validType,
  validValue,
} from "./uci-package.mjs";
import { formatChange } from "./uci-delta.mjs";
import { UciParseError } from "./uci-tokenize.mjs";

export const USAGE_RC = 255;

/** Splits `config[.section[.option]][=value]`; the value is everything after the first `=`. */
export function parsePtr(arg) {
  const eq = arg.indexOf("=");
  const path = eq >= 0 ? arg.slice(0, eq) : arg;
  const value = eq >= 0 ? arg.slice(eq + 1) : undefined;
  const parts = path.split(".");
  if (parts.length > 3) throw new UciError(ERR.PARSE);
  const [config, section, option] = parts;
  if (!validConfigName(config)) throw new UciError(ERR.INVAL);
  if (option !== undefined && !validName(option)) throw new UciError(ERR.PARSE);
  if (section === "") throw new UciError(ERR.PARSE);
  return { config, section, option, value };
}

/** Loads the package and resolves the section; `@type[i]` that matches nothing is "Entry not found". */
function resolve(ctx, ptr) {
  const pkg = ctx.store.load(ptr.config);
  let s;
  if (ptr.section !== undefined) {
    s = findSection(pkg, ptr.section);
    if (!s && ptr.section.startsWith("@")) throw new UciError(ERR.NOTFOUND);
  }
  return { pkg, s };
}

const quoteShow = (v) => `'${escapeValue(v)}'`;

function showValue(ctx, v) {
  return Array.isArray(v) ? v.map(quoteShow).join(ctx.flags.delimiter) : quoteShow(v);
}

function showSection(ctx, pkg, s, name) {
  let out = `${pkg.name}.${name}=${s.type}\n`;
  for (const [k, v] of s.options) out += `${pkg.name}.${name}.${k}=${showValue(ctx, v)}\n`;
  return out;
}

function showPackage(ctx, pkg) {
  const names = ctx.flags.showExt ? displayNames(pkg) : new Map(pkg.sections.map((s) => [s, s.name]));
  return pkg.sections.map((s) => showSection(ctx, pkg, s, names.get(s))).join("");
}

const commands = {
  show: {
    args: [0, 1],
    run(ctx, [arg]) {
      if (arg === undefined) {
        for (const c of ctx.store.listConfigs()) ctx.out(showPackage(ctx, ctx.store.load(c)));
        return 0;
      }
      const ptr = parsePtr(arg);
      const { pkg, s } = resolve(ctx, ptr);
      if (ptr.section === undefined) return (ctx.out(showPackage(ctx, pkg)), 0);
      if (!s) throw new UciError(ERR.NOTFOUND);
      // a single section is shown under its real name (cfg id for anonymous ones)
      if (ptr.option === undefined) return (ctx.out(showSection(ctx, pkg, s, s.name)), 0);
      if (!s.options.has(ptr.option)) throw new UciError(ERR.NOTFOUND);
      ctx.out(`${pkg.name}.${s.name}.${ptr.option}=${showValue(ctx, s.options.get(ptr.option))}\n`);
      return 0;
    },
  },

  export: {
    args: [0, 1],
    run(ctx, [arg]) {
      // Like real uci, export shows the config WITH the staged deltas of the save dir (/tmp/.uci, or -t DIR):
      // another admin's uncommitted edits are in it. Only an empty save dir gives the committed config alone.
      const configs = arg === undefined ? ctx.store.listConfigs() : [parsePtr(arg).config];
      for (const c of configs) ctx.out(exportPackage(ctx.store.load(c), { withNames: ctx.flags.exportNames }));
      return 0;
    },
  },

  get: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      if (ptr.value !== undefined) return 1;
      const { s } = resolve(ctx, ptr);
      if (ptr.section === undefined) return 0;
      if (!s) throw new UciError(ERR.NOTFOUND);
      if (ptr.option === undefined) return (ctx.out(`${s.type}\n`), 0);
      const v = s.options.get(ptr.option);
      if (v === undefined) throw new UciError(ERR.NOTFOUND);
      const text = Array.isArray(v) ? v.map((i) => (/\s/.test(i) ? `'${i}'` : i)).join(ctx.flags.delimiter) : v;
      ctx.out(`${text}\n`);
      return 0;
    },
  },

  set: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      if (ptr.section === undefined || ptr.value === undefined) throw new UciError(ERR.INVAL);
      if (!validValue(ptr.value)) throw new UciError(ERR.PARSE);
      const { pkg, s } = resolve(ctx, ptr);
      if (ptr.value === "") {
        // setting '' deletes; a missing target is not an error
        if (!s || (ptr.option !== undefined && !s.options.has(ptr.option))) return 0;
        ctx.store.stage(pkg, { cmd: "delete", section: s.name, option: ptr.option });
        return 0;
      }
      if (ptr.option === undefined) {
        if (!validType(ptr.value)) throw new UciError(ERR.INVAL);
        if (s && s.type === ptr.value) return 0;
        ctx.store.stage(pkg, { cmd: "set", section: s ? s.name : ptr.section, value: ptr.value });
        return 0;
      }
      if (!s) throw new UciError(ERR.INVAL);
      if (s.options.get(ptr.option) === ptr.value) return 0;
      ctx.store.stage(pkg, { cmd: "set", section: s.name, option: ptr.option, value: ptr.value });
      return 0;
    },
  },

  add: {
    args: [2, 2],
    libErrorRc: true,
    run(ctx, [config, type]) {
      const pkg = ctx.store.load(config);
      if (!validType(type)) throw new UciError(ERR.INVAL);
      const name = anonymousId(pkg.nSection + 1, type);
      ctx.store.stage(pkg, { cmd: "add", section: name, value: type });
      ctx.out(`${name}\n`);
      return 0;
    },
  },

  add_list: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      if (ptr.option === undefined || ptr.value === undefined) throw new UciError(ERR.INVAL);
      if (!validValue(ptr.value)) throw new UciError(ERR.PARSE);
      const { pkg, s } = resolve(ctx, ptr);
      if (!s) throw new UciError(ERR.INVAL);
      ctx.store.stage(pkg, { cmd: "add_list", section: s.name, option: ptr.option, value: ptr.value });
      return 0;
    },
  },

  del_list: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      if (ptr.option === undefined || ptr.value === undefined) throw new UciError(ERR.INVAL);
      const { pkg, s } = resolve(ctx, ptr);
      if (!s || !Array.isArray(s.options.get(ptr.option))) return 0;
      ctx.store.stage(pkg, { cmd: "del_list", section: s.name, option: ptr.option, value: ptr.value });
      return 0;
    },
  },

  delete: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      if (ptr.section === undefined) throw new UciError(ERR.INVAL);
      const { pkg, s } = resolve(ctx, ptr);
      if (!s || (ptr.option !== undefined && !s.options.has(ptr.option))) throw new UciError(ERR.NOTFOUND);
      if (ptr.value !== undefined && ptr.option !== undefined) {
        if (!/^\d+$/.test(ptr.value)) return 1; // libuci fails silently on a non-integer index
        ctx.store.stage(pkg, { cmd: "delete", section: s.name, option: ptr.option, value: ptr.value });
        return 0;
      }
      ctx.store.stage(pkg, { cmd: "delete", section: s.name, option: ptr.option });
      return 0;
    },
  },

  rename: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      if (ptr.section === undefined || ptr.value === undefined) throw new UciError(ERR.INVAL);
      const { pkg, s } = resolve(ctx, ptr);
      if (!s || (ptr.option !== undefined && !s.options.has(ptr.option))) throw new UciError(ERR.NOTFOUND);
      ctx.store.stage(pkg, { cmd: "rename", section: s.name, option: ptr.option, value: ptr.value });
      return 0;
    },
  },

  reorder: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      if (ptr.section === undefined || ptr.value === undefined) throw new UciError(ERR.NOTFOUND);
      const { pkg, s } = resolve(ctx, ptr);
      if (!s) throw new UciError(ERR.NOTFOUND);
      ctx.store.stage(pkg, { cmd: "reorder", section: s.name, value: ptr.value });
      return 0;
    },
  },

  commit: {
    args: [0, 1],
    run(ctx, [arg]) {
      const configs = arg === undefined ? ctx.store.listConfigs() : [parsePtr(arg).config];
      for (const c of configs) {
        ctx.store.load(c); // a missing config is "Entry not found"
        ctx.store.commit(c);
      }
      return 0;
    },
  },

  revert: {
    args: [1, 1],
    run(ctx, [arg]) {
      const ptr = parsePtr(arg);
      const { s } = resolve(ctx, ptr);
      ctx.store.revert(ptr.config, s ? s.name : ptr.section, ptr.option);
      return 0;
    },
  },

  changes: {
    args: [0, 1],
    run(ctx, [arg]) {
      const configs = arg === undefined ? ctx.store.listConfigs() : [parsePtr(arg).config];
      for (const c of configs) for (const d of ctx.store.deltas(c)) ctx.out(formatChange(c, d));
      return 0;
    },
  },

  import: {
    args: [0, 1],
    run(ctx, [arg]) {
      const text = ctx.readInput();
      const named = /^\s*package\s+'?([A-Za-z0-9_-]+)'?/m.exec(text);
      const config = arg ?? named?.[1];
      if (!config || !validConfigName(config)) throw new UciError(ERR.INVAL);
      let pkg;
      try {
        pkg = parsePackage(config, text);
      } catch (e) {
        if (e instanceof UciParseError) throw new UciError(ERR.PARSE, e.reason, ` at line ${e.line}, byte ${e.byte}`);
        throw e;
      }
      // replaces the file at once; staged deltas are left as they are (they re-apply where ids still match)
      ctx.store.writeConfig(config, exportPackage(pkg, { withHeader: false }));
      return 0;
    },
  },
};

/** Runs one verb. Returns the exit code; prints `uci: <error>` unless -q. */
export function runCommand(ctx, argv) {
  const [verb, ...args] = argv;
  const cmd = Object.hasOwn(commands, verb) ? commands[verb] : undefined;
  if (!cmd || args.length < cmd.args[0] || args.length > cmd.args[1]) return USAGE_RC;
  try {
    return cmd.run(ctx, args);
  } catch (e) {
    if (!(e instanceof UciError)) throw e;
    if (!ctx.flags.quiet) ctx.err(`${ctx.argv0}: ${e.message}\n`);
    return cmd.libErrorRc ? e.err.code : 1;
  }
}

export const isVerb = (v) => Object.hasOwn(commands, v);
