#!/usr/bin/env node
// Stand-in for OpenWrt's `uci` command line (docs/openwrt-uci.md §3 and §8).
import fs from "node:fs";
import { createStore } from "./uci-store.mjs";
import { USAGE_RC, runCommand } from "./uci-commands.mjs";
import { forEachCommand, UciParseError } from "./uci-tokenize.mjs";
import { dropConnection, nextBatchNumber, readFaults, sleepSync } from "./faults.mjs";
import { owrtRoot, rootPath } from "./standin-env.mjs";

const USAGE = `Usage: uci [<options>] <command> [<arguments>]

Commands:
\tbatch
\texport     [<config>]
\timport     [<config>]
\tchanges    [<config>]
\tcommit     [<config>]
\tadd        <config> <section-type>
\tadd_list   <config>.<section>.<option>=<string>
\tdel_list   <config>.<section>.<option>=<string>
\tshow       [<config>[.<section>[.<option>]]]
\tget        <config>.<section>[.<option>]
\tset        <config>.<section>[.<option>]=<value>
\tdelete     <config>.<section>[.<option>]
\trename     <config>.<section>[.<option>]=<name>
\trevert     <config>[.<section>[.<option>]]
\treorder    <config>.<section>=<position>

Options:
\t-c <path>  set the search path for config files (default: /etc/config)
\t-d <str>   set the delimiter for list values in uci show
\t-f <file>  use <file> as input instead of stdin
\t-m         when importing, merge data into an existing package
\t-n         name unnamed sections on export (default)
\t-N         don't name unnamed sections
\t-p <path>  add a search path for config change files
\t-P <path>  add a search path for config change files and use as default
\t-q         quiet mode (don't print error messages)
\t-s         force strict mode (stop on parser errors, default)
\t-S         disable strict mode
\t-X         do not use extended syntax on 'show'
`;

const writeOut = (s) => fs.writeSync(1, s);
const writeErr = (s) => fs.writeSync(2, s);

function readAllStdin(file) {
  if (file) return fs.readFileSync(file, "utf8");
  // blocks until EOF, like real uci: a client that never closes stdin hangs here
  const chunks = [];
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n;
    try {
      n = fs.readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if (e.code === "EAGAIN") {
        sleepSync(5);
        continue;
      }
      if (e.code === "EOF") break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseFlags(argv) {
  const flags = {
    quiet: false,
    showExt: true,
    delimiter: " ",
    exportNames: false,
    confdir: null,
    savedir: null,
    deltaDirs: [],
    commitIsNoop: false,
    file: null,
  };
  let i = 0;
  for (; i < argv.length && argv[i].startsWith("-") && argv[i] !== "-"; i++) {
    const letters = argv[i].slice(1);
    for (let j = 0; j < letters.length; j++) {
      const f = letters[j];
      const takesArg = "cdfpPt".includes(f);
      let val;
      if (takesArg) {
        val = letters.slice(j + 1) || argv[++i];
        if (val === undefined) return null;
        j = letters.length;
      }
      switch (f) {
        case "c":
          flags.confdir = val;
          break;
        case "t":
          flags.savedir = val;
          break;
        case "p":
          flags.deltaDirs.push(val);
          break;
        case "P":
          flags.savedir = val;
          flags.commitIsNoop = true;
          break;
        case "d":
          flags.delimiter = val;
          break;
        case "f":
          flags.file = val;
          break;
        case "q":
          flags.quiet = true;
          break;
        case "X":
          flags.showExt = false;
          break;
        case "n":
          flags.exportNames = true;
          break;
        case "N":
          flags.exportNames = false;
          break;
        case "m":
        case "s":
        case "S":
        case "L":
          break;
        default:
          return null;
      }
    }
  }
  return { flags, rest: argv.slice(i) };
}

function runBatch(ctx, faults) {
  let stdout = ""; // real uci batch buffers stdout, so it comes out after every stderr line
  const batchCtx = {
    ...ctx,
    out: (s) => {
      stdout += s;
    },
  };
  let count = 0;
  // dropAfterBatches: n batches run whole, the next one runs its first line and then loses the connection
  const dropThisBatch = faults.dropAfterBatches !== undefined && nextBatchNumber(owrtRoot()) > faults.dropAfterBatches;
  try {
    forEachCommand(ctx.readInput(), ({ tokens }) => {
      if (tokens[0] === "exit") return false;
      count++;
      sleepSync(faults.delayPerLineMs ?? 0);
      if (tokens.length > 4) {
        writeErr("Too many arguments\n");
      } else if (faults.refuseBatchLine && tokens.join(" ").includes(faults.refuseBatchLine)) {
        if (!ctx.flags.quiet) writeErr(`${ctx.argv0}: Invalid argument\n`);
      } else if (tokens[0] === "batch" || runCommand(batchCtx, tokens) === USAGE_RC) {
        writeErr("Unknown command\n");
      }
      if ((faults.dropAfterBatchLines !== undefined && count >= faults.dropAfterBatchLines) || dropThisBatch) {
        writeOut(stdout);
        dropConnection();
      }
    });
  } catch (e) {
    if (!(e instanceof UciParseError)) throw e;
    if (!ctx.flags.quiet) writeErr(`${ctx.argv0}: ${e.message}\n`);
  }
  writeOut(stdout);
  return 0; // batch always exits 0, whatever failed inside
}

function main() {
  const parsed = parseFlags(process.argv.slice(2));
  if (!parsed || parsed.rest.length === 0) {
    writeErr(USAGE);
    return USAGE_RC;
  }
  const { flags, rest } = parsed;
  const store = createStore({
    confdir: flags.confdir ?? rootPath("etc/config"),
    savedir: flags.savedir ?? rootPath("tmp/.uci"),
    deltaDirs: flags.deltaDirs,
    commitIsNoop: flags.commitIsNoop,
  });
  const faults = readFaults(owrtRoot());
  sleepSync(faults.delayMs ?? 0);
  const ctx = { store, flags, argv0: "uci", out: writeOut, err: writeErr, readInput: () => readAllStdin(flags.file) };

  if (faults.dropOnShow && (rest[0] === "show" || rest[0] === "export")) {
    // a reply cut off mid-stream: half the output, then the connection is gone
    let text = "";
    runCommand(
      {
        ...ctx,
        out: (s) => {
          text += s;
        },
      },
      rest,
    );
    writeOut(text.slice(0, Math.floor(text.length / 2)));
    dropConnection();
  }
  if (rest[0] === "batch") {
    if (rest.length !== 1) return (writeErr(USAGE), USAGE_RC);
    return runBatch(ctx, faults);
  }
  const rc = runCommand(ctx, rest);
  if (rc === USAGE_RC) writeErr(USAGE);
  return rc;
}

process.exitCode = main();
