import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

export interface MachineInfo {
  hostname: string;
  platform: string;
  kernel: string;
  cpus: number;
  cpuModel: string;
  totalMemoryMb: number;
  loadAverage: number[];
  node: string;
  gitCommit: string | null;
  gitDirty: boolean | null;
  /** How latency is made: the kernel here has no tc netem, so a delaying TCP proxy of ours. */
  latency: string;
  netemAvailable: boolean;
}

/** sch_netem loaded or loadable? Only looked at, never used (that would slow loopback for everyone). */
function netemAvailable(): boolean {
  try {
    if (fs.existsSync("/sys/module/sch_netem")) return true;
    const release = os.release();
    const dir = `/lib/modules/${release}`;
    if (!fs.existsSync(dir)) return false;
    const out = execFileSync("find", [dir, "-name", "sch_netem*"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.trim() !== "";
  } catch {
    return false;
  }
}

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const netem = netemAvailable();
  const status = git(["status", "--porcelain"]);
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemoryMb: Math.round(os.totalmem() / 1048576),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    gitCommit: git(["rev-parse", "HEAD"]),
    gitDirty: status === null ? null : status !== "",
    latency: netem
      ? "delaying TCP proxy of ours on loopback (bench/delay-proxy.ts), both directions; netem exists here but is not used"
      : "delaying TCP proxy of ours on loopback (bench/delay-proxy.ts), both directions: this kernel has no tc netem",
    netemAvailable: netem,
  };
}
