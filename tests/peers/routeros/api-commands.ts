import { createHash } from "node:crypto";
import { runTableCommand, type MenuContext } from "./menu-table";
import { MENU_SPECS } from "./menu-specs";
import { encodeCp1252 } from "./cp1252";
import { menuRows, versionAtLeast } from "./peer-state";
import type { ScriptRunner } from "./script-runner";
import { runSystemCommand } from "./system-menus";
import { RouterTrap, TRAP } from "./trap";

/**
 * Turns one post-login API sentence into reply sentences (without `.tag`; the session inserts it).
 * docs/routeros-api-protocol.md §3: attributes split at the second '=', queries are order-sensitive.
 */
export interface ParsedCommand {
  command: string;
  args: Record<string, string>;
  queries: string[];
  tag: string | null;
}

export function parseCommand(words: string[]): ParsedCommand {
  const [command, ...rest] = words;
  const args: Record<string, string> = {};
  const queries: string[] = [];
  let tag: string | null = null;
  for (const w of rest) {
    if (w.startsWith(".tag=")) tag = w.slice(5);
    else if (w.startsWith("?")) queries.push(w);
    else if (w.startsWith("=")) {
      const eq = w.indexOf("=", 1);
      if (eq < 0) args[w.slice(1)] = "";
      else args[w.slice(1, eq)] = w.slice(eq + 1);
    }
  }
  return { command, args, queries, tag: tag === "" ? null : tag };
}

export function executeCommand(ctx: MenuContext, runner: ScriptRunner, cmd: ParsedCommand): string[][] {
  const { state } = ctx;
  try {
    if (!cmd.command.startsWith("/")) throw new RouterTrap(TRAP.noSuchCommandPrefix, 0);
    const parts = cmd.command.split("/").filter(Boolean);
    const verb = parts.pop() ?? "";
    const menu = parts.join("/");
    if (menu === "system/script" && verb === "run") {
      const ref = cmd.args.number ?? cmd.args[".id"] ?? "";
      const script = menuRows(state, menu).find((r) => r[".id"] === ref || r.name === ref);
      if (!script) throw new RouterTrap(TRAP.noSuchItem);
      const err = runner.run(script.source ?? "", `script ${script.name}`);
      if (err) throw new RouterTrap(err, 3);
      return [["!done"]];
    }
    if (MENU_SPECS[menu]) {
      const r = runTableCommand(ctx, menu, verb, cmd.args, cmd.queries);
      if (r.rows) return rowsReply(state.version, r.rows);
      return [r.ret !== undefined ? ["!done", `=ret=${r.ret}`] : ["!done"]];
    }
    const sys = runSystemCommand(state, menu, verb, cmd.args);
    if (sys) return rowsReply(state.version, sys);
    // Old routers name the word they could not resolve, with category 0 (docs/routeros-api-protocol.md §10).
    if (!versionAtLeast(state.version, "7"))
      throw new RouterTrap(`no such command or directory (${parts[0] ?? verb})`, 0);
    throw new RouterTrap(TRAP.noSuchCommandPrefix, 0);
  } catch (e) {
    if (!(e instanceof RouterTrap)) throw e;
    return [trapSentence(e.message, e.category), ["!done"]];
  }
}

export function trapSentence(message: string, category?: number): string[] {
  return category === undefined
    ? ["!trap", `=message=${message}`]
    : ["!trap", `=category=${category}`, `=message=${message}`];
}

/** 7.18+: a print with no rows answers `!empty` before `!done` (docs/routeros-api-protocol.md §3). */
function rowsReply(version: string, rows: Array<Record<string, string>>): string[][] {
  if (rows.length === 0) return versionAtLeast(version, "7.18") ? [["!empty"], ["!done"]] : [["!done"]];
  return [...rows.map((r) => ["!re", ...Object.entries(r).map(([k, v]) => `=${k}=${v}`)]), ["!done"]];
}

/** Legacy login (docs/routeros-api-protocol.md §5): response = "00" + hex(MD5(0x00 ‖ password ‖ challenge bytes)). */
export function legacyResponse(password: string, challengeHex: string): string {
  const md5 = createHash("md5");
  md5.update(Buffer.from([0]));
  md5.update(encodeCp1252(password));
  md5.update(Buffer.from(challengeHex, "hex"));
  return "00" + md5.digest("hex");
}
