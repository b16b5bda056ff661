#!/usr/bin/env node
// Stand-in for the parts of `nft` a client uses on OpenWrt's fw4 table: `list table inet fw4` (with -t, terse:
// no set elements; with -a, handles: `# handle N` after each chain header and rule), and `flush set` /
// `delete set` as arguments or in a file (`-f FILE`, `-f -`), a file being one transaction: all of it or none.
// Rules by hand as an admin types them: `insert rule inet fw4 CHAIN [position H] RULE…` (before handle H, else
// first), `add rule … [position H] RULE…` (after handle H, else last), `delete rule inet fw4 CHAIN handle H`.
// Output in nft's listing layout: sets first, then chains; counters print their packets/bytes. Objects other
// than table inet fw4 do not exist here.
import fs from "node:fs";
import { setText } from "./fw4-render.mjs";
import { readTable, writeTable } from "./nft-kernel.mjs";

const args = process.argv.slice(2);
let terse = false;
let handles = false;
let file = null;
while (args[0]?.startsWith("-")) {
  const a = args.shift();
  if (a === "-t" || a === "--terse") terse = true;
  else if (a === "-a" || a === "--handle") handles = true;
  else if (a === "-ta" || a === "-at") terse = handles = true;
  else if (a === "-f" || a === "--file") file = args.shift();
  else if (a === "-j" || a === "--json") fail(`${a}: JSON output is not part of this stand-in`);
  else fail(`unrecognized option '${a}'`);
}

function fail(text, rc = 1) {
  fs.writeSync(2, `Error: ${text}\n`);
  process.exit(rc);
}

/** nft's error for a command naming an object that is not there: the command, then carets under the name. */
function notFound(cmd, name) {
  fs.writeSync(
    2,
    `Error: Could not process rule: No such file or directory\n${cmd}\n${" ".repeat(cmd.lastIndexOf(name))}${"^".repeat(name.length)}\n`,
  );
  process.exit(1);
}

const TABLE = /^inet fw4$/;

function listTable() {
  const table = readTable();
  if (!table) notFound("list table inet fw4", "fw4");
  // A rule's counter holds what it matched since it was loaded (table.counters: handle -> [packets, bytes], which
  // the test hook countTraffic adds to); a reload loads rules anew with new handles, so they start again at 0.
  const counted = (line) => {
    const h = / # handle (\d+)$/.exec(line);
    const [packets, bytes] = (h && table.counters?.[h[1]]) || [0, 0];
    return line.replace(/ counter( |$)/, ` counter packets ${packets} bytes ${bytes}$1`);
  };
  const shown = (c) => {
    const text = c.split("\n").map(counted).join("\n");
    return handles ? text : text.replace(/ # handle \d+$/gm, "");
  };
  const parts = [...table.sets.map((s) => setText(s, terse)), ...table.chains.map(shown)];
  fs.writeSync(1, `table inet fw4 {\n${parts.join("\n")}}\n`);
}

/** Runs set commands on a copy; the copy becomes the table only when every command worked (one transaction). */
function runSetCommands(commands) {
  const table = readTable();
  for (const cmd of commands) {
    const m = /^(flush|delete) set (inet \S+) (\S+)$/.exec(cmd);
    if (!m) {
      fs.writeSync(2, `Error: syntax error, unexpected string\n${cmd}\n`);
      process.exit(1);
    }
    const [, verb, fam, name] = m;
    const i = table && TABLE.test(fam) ? table.sets.findIndex((s) => s.name === name) : -1;
    if (i < 0) notFound(cmd, name);
    if (verb === "flush") table.sets[i].elements = [];
    else {
      // a set a rule still refers to cannot be deleted
      if (table.chains.some((c) => c.includes(`@${name} `) || c.includes(`@${name}\n`))) {
        fs.writeSync(2, `Error: Could not process rule: Device or resource busy\n${cmd}\n`);
        process.exit(1);
      }
      table.sets.splice(i, 1);
    }
  }
  if (table) writeTable(table);
}

/** `insert|add rule inet fw4 CHAIN [position H] RULE…` and `delete rule inet fw4 CHAIN handle H`: one rule. */
function runRuleCommand(words) {
  const cmd = words.join(" ");
  const [verb, , fam, tableName, chainName, ...rest] = words;
  const table = readTable();
  if (!table || !TABLE.test(`${fam} ${tableName}`)) notFound(cmd, tableName ?? "");
  const i = chainName ? table.chains.findIndex((c) => c.startsWith(`\tchain ${chainName} {`)) : -1;
  if (i < 0) notFound(cmd, chainName ?? "");
  const lines = table.chains[i].split("\n");
  const at = (h) => lines.findIndex((l) => /^\t\t\S/.test(l) && l.endsWith(` # handle ${h}`));
  if (verb === "delete") {
    if (rest.length !== 2 || rest[0] !== "handle") fail(`syntax error, unexpected end of file\n${cmd}`);
    const m = at(rest[1]);
    if (m < 0) notFound(cmd, rest[1]);
    lines.splice(m, 1);
  } else {
    const positioned = rest[0] === "position";
    const body = positioned ? rest.slice(2) : rest;
    if (!body.length) fail(`syntax error, unexpected end of file\n${cmd}`);
    let where;
    if (positioned) {
      const m = at(rest[1]);
      if (m < 0) notFound(cmd, rest[1]);
      where = verb === "insert" ? m : m + 1;
    } else {
      // first rule: right after the header; last: right before the closing brace
      where = verb === "insert" ? 1 : lines.indexOf("\t}");
    }
    lines.splice(where, 0, `\t\t${body.join(" ")} # handle ${table.nextHandle}`);
    table.nextHandle++;
  }
  table.chains[i] = lines.join("\n");
  writeTable(table);
}

if (file !== null) {
  const text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
  runSetCommands(
    text
      .split("\n")
      .map((l) => l.replace(/#.*/, "").trim())
      .filter(Boolean),
  );
} else if (args.join(" ") === "list table inet fw4") {
  listTable();
} else if (args[0] === "list" && args[1] === "table") {
  notFound(args.join(" "), args.at(-1));
} else if (["insert", "add", "delete"].includes(args[0]) && args[1] === "rule") {
  runRuleCommand(args);
} else if (args.length) {
  runSetCommands([args.join(" ")]);
} else {
  fail("no command given");
}
