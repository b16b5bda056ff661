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

/** Sleeps in slices and exits once orphaned, so a "slow router" leaves nothing behind when SSH drops. */
export function sleepSync(ms) {
  if (!(ms > 0)) return;
  const session = sshdAncestor() ?? process.ppid;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let left = ms; left > 0; left -= 50) {
    Atomics.wait(cell, 0, 0, Math.min(50, left));
    if (!fs.existsSync(`/proc/${session}`)) process.exit(255);
  }
}

function sshdAncestor() {
  let pid = process.ppid;
  try {
    while (pid > 1) {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("sshd")) return pid;
      pid = parentOf(pid);
    }
  } catch {}
  return undefined;
}

/** Counts `uci batch` runs since the faults were last set (for dropAfterBatches). */
export function nextBatchNumber(root) {
  const file = path.join(root, "var/fault-batches");
  let n = 0;
  try {
    n = Number(fs.readFileSync(file, "utf8")) || 0;
  } catch {}
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, String(n + 1));
  return n + 1;
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
  const pid = sshdAncestor();
  try {
    if (pid) process.kill(pid, "SIGKILL");
  } catch {}
  process.exit(255);
}
