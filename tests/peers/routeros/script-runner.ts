import { MENU_SPECS } from "./menu-specs";
import { runTableCommand, type MenuContext } from "./menu-table";
import { menuRows } from "./peer-state";
import type { Row } from "./query";
import { parseScript, ScriptSyntaxError, type Item, type Piece, type Statement } from "./script-parser";
import { RouterTrap } from "./trap";

/**
 * Executes the RouterOS script subset a revert needs, against the peer's own tables (so a scheduled revert
 * really changes what the API then prints). Supported:
 * - menu paths `/ip firewall filter` or `/ip/firewall/filter`; a line holding only a path sets the context for
 *   the following lines of that block (export style); relative paths continue from the context
 * - verbs on table menus: add (incl. place-before=), set (numbers + props, `!prop` not supported here), remove,
 *   enable, disable, move (numbers [destination]), unset (numbers value-name=), find, print (no-op), and
 *   `/system script run <name>`
 * - `[find ...]` conditions: `k=v`, `k!=v`, `k~"regex"`, bare `k` (true), `!k` (false or absent), optional
 *   `where` and `and`; result is an id list usable as numbers, in `:foreach`, or as place-before (first id)
 * - `:foreach v in=<list> do={...}`, `:local`/`:global`/`:set name value`, `$var` (also inside strings),
 *   `:log info|warning|error|debug "text"`, `:put`, `:delay` (recorded, does not wait),
 *   `:do {...} on-error={...}`
 * A failing command stops the script (as on a router) unless it runs inside `:do ... on-error=`.
 */
type Value = string | string[];
type Scope = Map<string, Value>;

const VERBS = new Set([
  "add",
  "set",
  "remove",
  "enable",
  "disable",
  "move",
  "unset",
  "find",
  "print",
  "run",
  "get",
  "getall",
]);

export class ScriptRunner {
  constructor(private readonly ctx: MenuContext) {}

  /** Runs a whole source; returns the error text when it stopped early, null when it completed. */
  run(source: string, origin: string): string | null {
    try {
      this.block(parseScript(source), "", new Map());
      this.ctx.state.log.push({ topic: "script,info", message: `${origin}: completed` });
      return null;
    } catch (e) {
      const message = e instanceof RouterTrap || e instanceof ScriptSyntaxError ? e.message : String(e);
      this.ctx.state.log.push({ topic: "script,error", message: `${origin}: ${message}` });
      return message;
    }
  }

  private block(stmts: Statement[], path: string, outer: Scope): Value {
    const scope: Scope = new Map(outer);
    let context = path;
    let last: Value = "";
    for (const st of stmts) {
      const r = this.statement(st, context, scope);
      if (r.newContext !== undefined) context = r.newContext;
      last = r.value;
      for (const [k, v] of scope) if (outer.has(k)) outer.set(k, v); // :set on an outer variable
    }
    return last;
  }

  private statement(items: Item[], context: string, scope: Scope): { value: Value; newContext?: string } {
    const head = items[0];
    const headText = this.plainText(head);
    if (headText?.startsWith(":")) return { value: this.builtin(headText.slice(1), items.slice(1), context, scope) };
    // Collect path words up to the verb; "/ip/firewall/filter/add" and "/ip firewall filter add" are the same.
    let path = headText?.startsWith("/") ? "" : context;
    let i = 0;
    let verb: string | null = null;
    for (; i < items.length && verb === null; i++) {
      const t = this.plainText(items[i]);
      if (t === null) break;
      const segments = t.split("/").filter(Boolean);
      for (let k = 0; k < segments.length; k++) {
        if (VERBS.has(segments[k]) && k === segments.length - 1) verb = segments[k];
        else path = joinPath(path, segments[k]);
      }
    }
    if (verb === null) {
      if (i === items.length && isKnownPath(path)) return { value: "", newContext: path };
      if (i === items.length) throw new ScriptSyntaxError(`bad command name ${path.split("/").pop() ?? ""}`);
      throw new ScriptSyntaxError(`bad command name ${this.plainText(items[i]) ?? ""}`);
    }
    return { value: this.command(path, verb, items.slice(i), scope) };
  }

  private command(menu: string, verb: string, items: Item[], scope: Scope): Value {
    const positional: Value[] = [];
    const named: Record<string, Value> = {};
    const conditions: Array<{ key: string; op: string; value: Value }> = [];
    for (const it of items) {
      // `[find ...]` inside a command's arguments runs in that command's menu.
      const v = this.evaluate(it.value, menu, scope);
      if (it.key === null) positional.push(v);
      else if (verb === "find" || it.op !== "=") conditions.push({ key: it.key, op: it.op!, value: v });
      else named[it.key] = v;
    }
    if (verb === "find") return this.find(menu, positional, conditions);
    if (verb === "print") return "";
    if (verb === "run") {
      const name = asText(positional[0] ?? named.number ?? "");
      const script = menuRows(this.ctx.state, "system/script").find((r) => r.name === name || r[".id"] === name);
      if (!script) throw new RouterTrap("no such item");
      return this.block(parseScript(script.source ?? ""), "", new Map());
    }
    const args: Record<string, string> = {};
    for (const [k, v] of Object.entries(named)) {
      if (Array.isArray(v)) {
        if (k === "numbers") args[k] = v.join(",");
        else if (v.length === 0) throw new RouterTrap("no such item");
        else args[k] = v[0];
      } else args[k] = v;
    }
    if (["set", "remove", "enable", "disable", "move", "unset"].includes(verb) && positional.length) {
      const ids = positional[0];
      if (Array.isArray(ids) && ids.length === 0) return ""; // `remove [find ...]` with no match is a no-op
      args.numbers = Array.isArray(ids) ? ids.join(",") : ids;
      if (verb === "move" && positional[1] !== undefined) args.destination = asText(positional[1]);
      if (verb === "unset" && positional[1] !== undefined) args["value-name"] = asText(positional[1]);
    }
    if (verb === "get") return this.get(menu, positional);
    const r = runTableCommand(this.ctx, menu, verb, args);
    return r.ret ?? "";
  }

  private get(menu: string, positional: Value[]): Value {
    const ref = asText(positional[0] ?? "");
    const row = menuRows(this.ctx.state, menu).find((r) => r[".id"] === ref || r.name === ref);
    if (!row) throw new RouterTrap("no such item");
    return positional[1] === undefined ? "" : (row[asText(positional[1])] ?? "");
  }

  private find(
    menu: string,
    positional: Value[],
    conditions: Array<{ key: string; op: string; value: Value }>,
  ): string[] {
    const bare = positional.map(asText).filter((t) => t !== "where" && t !== "and");
    if (bare.includes("or")) throw new ScriptSyntaxError("'or' in find is not supported by this peer");
    const rows = runTableCommand(this.ctx, menu, "print", {}).rows ?? [];
    const match = (row: Row) =>
      bare.every((b) => (b.startsWith("!") ? row[b.slice(1)] !== "true" : row[b] === "true")) &&
      conditions.every((c) => {
        const have = row[c.key] ?? "";
        const want = normaliseBool(asText(c.value));
        if (c.op === "~") return new RegExp(asText(c.value)).test(have);
        return c.op === "!=" ? have !== want : have === want;
      });
    return rows.filter(match).map((r) => r[".id"]);
  }

  private builtin(name: string, items: Item[], context: string, scope: Scope): Value {
    const arg = (i: number) => (items[i] ? this.evaluate(items[i].value, context, scope) : "");
    const keyed = (k: string) => items.find((it) => it.key === k);
    switch (name) {
      case "foreach": {
        const varName = this.plainText(items[0]) ?? "";
        const list = keyed("in");
        const body = keyed("do");
        if (!list || !body || body.value[0]?.kind !== "block")
          throw new ScriptSyntaxError(":foreach needs in= and do={}");
        const values = this.evaluate(list.value, context, scope);
        for (const v of Array.isArray(values) ? values : [values]) {
          this.block(body.value[0].body, context, new Map(scope).set(varName, v));
        }
        return "";
      }
      case "local":
      case "global":
      case "set":
        scope.set(this.plainText(items[0]) ?? "", items[1] ? arg(1) : "");
        return "";
      case "log": {
        const level = this.plainText(items[0]) ?? "info";
        this.ctx.state.log.push({ topic: `script,${level}`, message: asText(arg(1)) });
        return "";
      }
      case "put":
        this.ctx.state.log.push({ topic: "script,put", message: asText(arg(0)) });
        return "";
      case "delay":
        this.ctx.state.log.push({ topic: "script,delay", message: asText(arg(0)) });
        return "";
      case "do": {
        const body = items[0]?.value[0];
        if (body?.kind !== "block") throw new ScriptSyntaxError(":do needs a {block}");
        const onError = keyed("on-error")?.value[0];
        try {
          return this.block(body.body, context, scope);
        } catch (e) {
          if (onError?.kind !== "block") throw e;
          return this.block(onError.body, context, scope);
        }
      }
      default:
        throw new ScriptSyntaxError(`unsupported script command :${name}`);
    }
  }

  private evaluate(pieces: Piece[], context: string, scope: Scope): Value {
    const parts = pieces.map((p): Value => {
      if (p.kind === "text") return p.text;
      if (p.kind === "var") {
        if (!scope.has(p.name)) return "";
        return scope.get(p.name)!;
      }
      if (p.kind === "sub") return this.block(p.body, context, scope);
      return ""; // a {block} is only meaningful to :foreach / :do, which read it unevaluated
    });
    if (parts.length === 1) return parts[0];
    return parts.map(asText).join("");
  }

  private plainText(item: Item | undefined): string | null {
    if (!item || item.key !== null || item.value.length !== 1 || item.value[0].kind !== "text") return null;
    return item.value[0].text;
  }
}

/** A menu or a prefix of one ("", "ip", "ip/firewall", "ip/firewall/filter"). */
function isKnownPath(path: string): boolean {
  const menus = [...Object.keys(MENU_SPECS), "system/resource", "system/identity", "system/clock"];
  return path === "" || menus.some((m) => m === path || m.startsWith(`${path}/`));
}

function joinPath(base: string, word: string): string {
  if (word.startsWith("/")) return word.split("/").filter(Boolean).join("/");
  return [...base.split("/"), ...word.split("/")].filter(Boolean).join("/");
}

function asText(v: Value): string {
  return Array.isArray(v) ? v.join(";") : v;
}

/** Scripts write yes/no; rows print true/false. */
function normaliseBool(v: string): string {
  return v === "yes" ? "true" : v === "no" ? "false" : v;
}
