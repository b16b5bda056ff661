#!/usr/bin/env node
// Stand-in for firewall4's `fw4` (docs/openwrt-uci.md §4): reads committed + staged firewall config like the
// ucode uci cursor, prints "[!] Section …" warnings, and records what a reload would have loaded.
import fs from "node:fs";
import { createStore } from "./uci-store.mjs";
import { validateFirewall } from "./fw4-validate.mjs";
import { declaredSets, nftCheck, renderChains, renderRuleset } from "./fw4-render.mjs";
import { dropTable, loadTable, reloadSets } from "./nft-kernel.mjs";
import { readFaults, sleepSync } from "./faults.mjs";
import { padToRealCost } from "./fw4-cost.mjs";
import { owrtRoot, rootPath } from "./standin-env.mjs";

const LIVE = rootPath("var/fw4/live.nft");
const LOG = rootPath("var/fw4/reloads.log");

const args = process.argv.slice(2);
const quiet = args[0] === "-q";
if (quiet) args.shift();
const say = (fd, text) => {
  if (!quiet && text) fs.writeSync(fd, text.endsWith("\n") ? text : `${text}\n`);
};

function compile() {
  const store = createStore({ confdir: rootPath("etc/config"), savedir: rootPath("tmp/.uci") });
  const fw = validateFirewall(store.load("firewall"));
  // without a TTY (SSH exec) warnings come out plain, prefixed with [!]
  say(2, fw.warnings.join("\n"));
  const text = renderRuleset(fw);
  return { text, errors: nftCheck(text), sets: declaredSets(fw), chains: renderChains(fw), rules: fw.rules.length };
}

function record(entry) {
  fs.mkdirSync(rootPath("var/fw4"), { recursive: true });
  fs.appendFileSync(LOG, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

function main() {
  sleepSync(readFaults(owrtRoot()).fw4DelayMs ?? 0);
  const [cmd] = args;
  switch (cmd) {
    case "print": {
      const { text } = compile();
      fs.writeSync(1, text);
      return 0;
    }
    case "check": {
      const { errors, rules } = compile();
      // Real fw4 compiles the ruleset and runs `nft -c` on it: it takes as long (fw4-cost.mjs).
      padToRealCost(cmd, rules);
      if (errors.length) {
        for (const e of errors) fs.writeSync(2, `${e}\n`);
        return 1;
      }
      say(1, "Ruleset passes nftables check.");
      return 0;
    }
    case "reload": {
      if (!fs.existsSync(LIVE)) {
        say(2, "The fw4 firewall does not appear to be loaded.");
        return 1;
      }
      const { text, errors: found, sets, chains, rules } = compile();
      padToRealCost(cmd, rules);
      // a load failure check did not foresee (kernel refuses: out of memory, a missing module)
      const errors = readFaults(owrtRoot()).fw4ReloadFails
        ? [...found, "/dev/stdin:1:1-1: Error: Could not process rule: Cannot allocate memory"]
        : found;
      // one atomic nft -f: on failure the old ruleset stays, and the exit code does not say so
      if (errors.length) {
        for (const e of errors) fs.writeSync(2, `${e}\n`);
        record({ cmd, loaded: false });
        return 0;
      }
      fs.writeFileSync(LIVE, text);
      loadTable(sets, chains, { replace: false });
      record({ cmd, loaded: true });
      return 0;
    }
    case "reload-sets": {
      if (!fs.existsSync(LIVE)) {
        say(2, "The fw4 firewall does not appear to be loaded.");
        return 1;
      }
      reloadSets();
      record({ cmd, loaded: true });
      return 0;
    }
    case "restart":
    case "start": {
      const { text, errors, sets, chains, rules } = compile();
      padToRealCost(cmd, rules);
      if (errors.length) {
        for (const e of errors) fs.writeSync(2, `${e}\n`);
        say(2, "The rendered ruleset contains errors, not doing firewall restart.");
        return 1;
      }
      fs.mkdirSync(rootPath("var/fw4"), { recursive: true });
      fs.writeFileSync(LIVE, text);
      // restart deletes the table first: sets hold exactly the new elements
      loadTable(sets, chains, { replace: true });
      record({ cmd, loaded: true });
      return 0;
    }
    case "stop":
    case "flush":
      fs.rmSync(LIVE, { force: true });
      dropTable();
      record({ cmd, loaded: false });
      return 0;
    default:
      fs.writeSync(2, "Usage: fw4 [-q] {start|stop|flush|restart|reload|reload-sets|check|print}\n");
      return 1;
  }
}

process.exitCode = main();
