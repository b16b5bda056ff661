#!/usr/bin/env node
// Test-side view of what the router holds: firewall sections (committed + staged, as fw4 would load them)
// parsed by the stand-in's own parser, plus service-registered rules. Not used by anything on the "router".
import fs from "node:fs";
import { createStore } from "./uci-store.mjs";
import { displayNames } from "./uci-package.mjs";
import { rootPath } from "./standin-env.mjs";

const pkg = createStore({ confdir: rootPath("etc/config"), savedir: rootPath("tmp/.uci") }).load("firewall");
const names = displayNames(pkg);
const sections = pkg.sections.map((s) => ({
  type: s.type,
  name: s.anonymous ? null : s.name,
  ref: names.get(s),
  options: Object.fromEntries(s.options),
}));
let services = {};
try {
  services = JSON.parse(fs.readFileSync(rootPath("etc/ubus-service-data.json"), "utf8"));
} catch {}
fs.writeSync(1, JSON.stringify({ sections, services }));
