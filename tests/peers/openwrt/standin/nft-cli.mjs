#!/usr/bin/env node
// Stand-in for the parts of `nft` a client uses on OpenWrt's fw4 table: `list table inet fw4` (with -t, terse:
// no set elements), and `flush set` / `delete set` as arguments or in a file (`-f FILE`, `-f -`), a file being
// one transaction: all of it or none. Output in nft's listing layout: sets first, then chains; counters print
// their packets/bytes. Objects other than table inet fw4 do not exist here.
import fs from "node:fs";
import { setText } from "./fw4-render.mjs";
import { readTable, writeTable } from "./nft-kernel.mjs";

const args = process.argv.slice(2);
let terse = false;
let file = null;
while (args[0]?.startsWith("-")) {
  const a = args.shift();
  if (a === "-t" || a === "--terse") terse = true;
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
  const parts = [
    ...table.sets.map((s) => setText(s, terse)),
    ...table.chains.map((c) => c.replace(/ counter( |$)/gm, " counter packets 0 bytes 0$1")),
  ];
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
} else if (args.length) {
  runSetCommands([args.join(" ")]);
} else {
  fail("no command given");
}
