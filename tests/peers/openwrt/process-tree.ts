/** Kills a process and everything it forked (sshd leaves one process per connection behind its listener). */
import fs from "node:fs";

function childrenByParent(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  return map;
}

export function killProcessTree(pid: number): void {
  const map = childrenByParent();
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    for (const c of map.get(p) ?? []) walk(c);
  };
  walk(pid);
  // the listener first, so it forks no new session while we kill the existing ones
  for (const p of all) {
    try {
      process.kill(p, p === pid ? "SIGTERM" : "SIGKILL");
    } catch {
      // already gone
    }
  }
}
