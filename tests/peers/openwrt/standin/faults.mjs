// Fault switches a test sets in <root>/faults.json: slow commands, a refused batch line, a dropped connection.
import fs from "node:fs";
import path from "node:path";

export function readFaults(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, "faults.json"), "utf8"));
  } catch {
    return {};
  }
}

export function sleepSync(ms) {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function parentOf(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // the command name may contain spaces and parentheses: fields start after the last ')'
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/**
 * Drops the SSH connection this command runs in, as a router crash or cable pull would: kills the nearest
 * sshd ancestor (the per-connection process running as the login user). Outside SSH it just exits.
 */
export function dropConnection() {
  let pid = process.ppid;
  try {
    while (pid > 1) {
      const comm = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      if (comm.startsWith("sshd")) {
        process.kill(pid, "SIGKILL");
        break;
      }
      pid = parentOf(pid);
    }
  } catch {}
  process.exit(255);
}
