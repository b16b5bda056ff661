#!/usr/bin/env node
// Drops the SSH connection this process runs in (see faults.mjs dropConnection).
import { dropConnection } from "./faults.mjs";

dropConnection();
