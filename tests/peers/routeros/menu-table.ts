import { MENU_SPECS, printOrder, type MenuSpec } from "./menu-specs";
import { allocateId, menuRows, peerNow, versionAtLeast, type PeerState } from "./peer-state";
import { rowMatches, type Row } from "./query";
import { RouterTrap, TRAP } from "./trap";

/**
 * The verbs of table menus (docs/routeros-api-protocol.md §6): print/getall, add, set, remove, enable, disable, move, unset.
 * Shared by the API dispatcher and the script interpreter, so a scheduled revert edits the same tables.
 * Every verb validates fully before it changes anything, so a trap leaves the table as it was.
 */
export interface MenuResult {
  rows?: Row[];
  ret?: string;
}

export interface MenuContext {
  state: PeerState;
  /** Called after a table changed (the scheduler engine re-arms its timers). */
  changed(menu: string): void;
}

const PRINT_ARGS = new Set([".proplist", "without-paging", "follow-only", "as-value"]);

export function runTableCommand(
  ctx: MenuContext,
  menu: string,
  verb: string,
  args: Record<string, string>,
  queries: string[] = [],
): MenuResult {
  const spec = MENU_SPECS[menu];
  if (!spec) throw new RouterTrap(TRAP.noSuchCommandPrefix, 0);
  const rows = menuRows(ctx.state, menu);
  const unknown = (name: string) =>
    new RouterTrap(versionAtLeast(ctx.state.version, "7") ? TRAP.unknownParameter(name) : "unknown parameter");
  switch (verb) {
    case "print":
    case "getall": {
      for (const k of Object.keys(args)) if (!PRINT_ARGS.has(k)) throw unknown(k);
      const proplist = args[".proplist"] ? args[".proplist"].split(",") : null;
      const out: Row[] = [];
      for (const raw of rows) {
        const row = printOrder(spec, spec.decorate ? spec.decorate(raw) : raw);
        if (!rowMatches(row, queries)) continue;
        out.push(proplist ? Object.fromEntries(Object.entries(row).filter(([k]) => proplist.includes(k))) : row);
      }
      return { rows: out };
    }
    case "add": {
      const placeBefore = args["place-before"];
      const props = validateProps(spec, args, ["place-before", "copy-from"], unknown);
      const missing = spec.required.filter((p) => !props[p]);
      if (missing.length) throw new RouterTrap(TRAP.missing(missing), 1);
      const row: Row = { ".id": "", ...spec.defaults(peerNow(ctx.state)), ...props };
      let index = rows.length;
      if (placeBefore !== undefined) {
        index = rows.findIndex((r) => r[".id"] === placeBefore);
        if (index < 0) throw new RouterTrap(TRAP.noMatch("place-before"), 1);
        // Nothing can be placed above the built-in row: it is pinned at the top like the real dummy rule.
        if (ctx.state.builtinIds.has(placeBefore)) throw new RouterTrap(TRAP.cannotMoveBuiltin);
      }
      spec.checkRow?.(row, [...rows, row], ctx.state);
      row[".id"] = allocateId(ctx.state);
      rows.splice(index, 0, row);
      ctx.changed(menu);
      return { ret: row[".id"] };
    }
    case "set": {
      const targets = resolveItems(ctx.state, spec, rows, itemsArg(args), "set");
      const unsets = Object.keys(args)
        .filter((k) => k.startsWith("!"))
        .map((k) => k.slice(1));
      const plain = Object.fromEntries(Object.entries(args).filter(([k]) => !k.startsWith("!")));
      const props = validateProps(spec, plain, [".id", "numbers"], unknown);
      for (const u of unsets) if (!(u in spec.props)) throw unknown(u);
      const updated = targets.map((r) => {
        const next: Row = { ...r, ...props };
        for (const u of unsets) if (!spec.required.includes(u)) delete next[u];
        return next;
      });
      commitRows(ctx, menu, spec, rows, targets, updated);
      return {};
    }
    case "unset": {
      const targets = resolveItems(ctx.state, spec, rows, itemsArg(args), "unset");
      const names = (args["value-name"] ?? "").split(",").filter(Boolean);
      if (!names.length) throw new RouterTrap(TRAP.missing(["value-name"]), 1);
      for (const n of names)
        if (!(n in spec.props) || spec.required.includes(n)) throw new RouterTrap(TRAP.noMatch("value-name"), 1);
      const updated = targets.map((r) => {
        const next = { ...r };
        const defaults = spec.defaults(0);
        for (const n of names) {
          if (n in defaults && n !== "creation-time") next[n] = defaults[n];
          else delete next[n];
        }
        return next;
      });
      commitRows(ctx, menu, spec, rows, targets, updated);
      return {};
    }
    case "enable":
    case "disable": {
      const targets = resolveItems(ctx.state, spec, rows, itemsArg(args), verb);
      for (const t of targets) t.disabled = verb === "disable" ? "true" : "false";
      ctx.changed(menu);
      return {};
    }
    case "remove": {
      const targets = resolveItems(ctx.state, spec, rows, itemsArg(args), "remove");
      for (const t of targets) rows.splice(rows.indexOf(t), 1);
      ctx.changed(menu);
      return {};
    }
    case "move": {
      const targets = resolveItems(ctx.state, spec, rows, args.numbers ?? args[".id"], "move");
      const destId = args.destination;
      let dest: Row | undefined;
      if (destId !== undefined) {
        dest = rows.find((r) => r[".id"] === destId);
        if (!dest) throw new RouterTrap(TRAP.noSuchItem, 1);
        if (ctx.state.builtinIds.has(destId)) throw new RouterTrap(TRAP.cannotMoveBuiltin);
      }
      const moving = rows.filter((r) => targets.includes(r)); // keep their current relative order
      if (dest && moving.includes(dest)) return {};
      for (const m of moving) rows.splice(rows.indexOf(m), 1);
      const at = dest ? rows.indexOf(dest) : rows.length;
      rows.splice(at, 0, ...moving);
      ctx.changed(menu);
      return {};
    }
    default:
      throw new RouterTrap(TRAP.noSuchCommand, 0);
  }
}

function itemsArg(args: Record<string, string>): string | undefined {
  return args[".id"] ?? args.numbers;
}

function validateProps(
  spec: MenuSpec,
  args: Record<string, string>,
  extra: string[],
  unknown: (n: string) => RouterTrap,
): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(args)) {
    if (extra.includes(k)) continue;
    const check = spec.props[k];
    if (!check) throw unknown(k);
    out[k] = check(v, spec.family);
  }
  return out;
}

/** `=.id=*1,*2` / `=numbers=` (comma lists); named menus also take names. All must exist. */
function resolveItems(state: PeerState, spec: MenuSpec, rows: Row[], list: string | undefined, verb: string): Row[] {
  if (list === undefined || list === "") throw new RouterTrap(TRAP.missing(["numbers"]), 1);
  const out: Row[] = [];
  for (const ref of list.split(",")) {
    const row = rows.find((r) => r[".id"] === ref) ?? (spec.named ? rows.find((r) => r.name === ref) : undefined);
    if (!row) throw new RouterTrap(TRAP.noSuchItem);
    if (state.builtinIds.has(row[".id"]) || row.builtin === "true") {
      throw new RouterTrap(verb === "move" ? TRAP.cannotMoveBuiltin : TRAP.cannotChangeBuiltin(verb));
    }
    if (row.dynamic === "true") throw new RouterTrap(TRAP.cannotChangeDynamic);
    if (!out.includes(row)) out.push(row);
  }
  return out;
}

function commitRows(ctx: MenuContext, menu: string, spec: MenuSpec, rows: Row[], targets: Row[], updated: Row[]): void {
  const trial = rows.map((r) => updated[targets.indexOf(r)] ?? r);
  for (const u of updated) spec.checkRow?.(u, trial, ctx.state);
  targets.forEach((t, i) => {
    for (const k of Object.keys(t)) delete t[k];
    Object.assign(t, updated[i]);
  });
  ctx.changed(menu);
}
