#!/usr/bin/env node
// Session-wrapper helper for the `dropReplyTo` fault: exits 0 when this command (argv[2]) contains the fault's
// text and the fault has not fired yet (marking it fired), else 1. The wrapper then runs the command with its
// output thrown away and drops the connection: the router did the work, the reply never arrives.
import fs from "node:fs";
import { readFaults } from "./faults.mjs";
import { owrtRoot, rootPath } from "./standin-env.mjs";

const key = readFaults(owrtRoot()).dropReplyTo;
const fired = rootPath("var/fault-reply-dropped");
if (typeof key !== "string" || key === "" || !process.argv[2]?.includes(key) || fs.existsSync(fired)) process.exit(1);
fs.writeFileSync(fired, "");
process.exit(0);
