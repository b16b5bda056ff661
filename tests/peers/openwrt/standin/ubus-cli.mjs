#!/usr/bin/env node
// Stand-in for `ubus call system board|info` (docs/openwrt-uci.md §6); board data comes from <root>/etc/board.json.
import fs from "node:fs";
import os from "node:os";
import { rootPath } from "./standin-env.mjs";

const print = (obj) => fs.writeSync(1, `${JSON.stringify(obj, null, "\t")}\n`);

function systemInfo() {
  const [uptime] = fs.readFileSync("/proc/uptime", "utf8").split(" ");
  const load = fs
    .readFileSync("/proc/loadavg", "utf8")
    .split(" ")
    .slice(0, 3)
    .map((l) => Math.round(Number(l) * 65536));
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

// Rules services register with procd (`firewall` data); fw4 loads them too but they are not in uci: they are
// the router's dynamic rules. Shape: { service: { instance: { firewall: [rule…] } } } (not covered by the doc).
function serviceData(arg) {
  let type;
  try {
    type = JSON.parse(arg ?? "{}").type;
  } catch {
    fs.writeSync(2, "Failed to parse message data\n");
    return 2;
  }
  let data = {};
  try {
    data = JSON.parse(fs.readFileSync(rootPath("etc/ubus-service-data.json"), "utf8"));
  } catch {}
  const out = {};
  for (const [svc, instances] of Object.entries(data)) {
    for (const [inst, types] of Object.entries(instances)) {
      if (type && !(type in types)) continue;
      (out[svc] ??= {})[inst] = type ? { [type]: types[type] } : types;
    }
  }
  return (print(out), 0);
}

function main([verb, object, method, arg]) {
  if (verb === "call" && object === "service" && method === "get_data") return serviceData(arg);
  if (verb !== "call" || object !== "system") {
    fs.writeSync(2, "Command failed: Not found\n");
    return 4;
  }
  if (method === "board") return (print(JSON.parse(fs.readFileSync(rootPath("etc/board.json"), "utf8"))), 0);
  if (method === "info") return (print(systemInfo()), 0);
  fs.writeSync(2, "Command failed: Method not found\n");
  return 3;
}

process.exitCode = main(process.argv.slice(2));
