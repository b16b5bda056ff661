#!/usr/bin/env node
// Stand-in for `ubus call system board|info` (openwrt-uci-fw4.md §6); board data comes from <root>/etc/board.json.
import fs from "node:fs";
import os from "node:os";
import { rootPath } from "./standin-env.mjs";

const print = (obj) => fs.writeSync(1, `${JSON.stringify(obj, null, "\t")}\n`);

function systemInfo() {
  const [uptime] = fs.readFileSync("/proc/uptime", "utf8").split(" ");
  const load = fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map((l) => Math.round(Number(l) * 65536));
  return {
    localtime: Math.floor(Date.now() / 1000),
    uptime: Math.floor(Number(uptime)),
    load,
    memory: { total: os.totalmem(), free: os.freemem(), shared: 0, buffered: 0, available: os.freemem(), cached: 0 },
    root: { total: 7296, free: 5916, used: 1380, avail: 5916 },
    tmp: { total: 61112, free: 60980, used: 132, avail: 60980 },
    swap: { total: 0, free: 0 },
  };
}

function main([verb, object, method]) {
  if (verb !== "call" || object !== "system") {
    fs.writeSync(2, "Command failed: Not found\n");
    return 4;
  }
  if (method === "board") return print(JSON.parse(fs.readFileSync(rootPath("etc/board.json"), "utf8"))), 0;
  if (method === "info") return print(systemInfo()), 0;
  fs.writeSync(2, "Command failed: Method not found\n");
  return 3;
}

process.exitCode = main(process.argv.slice(2));
