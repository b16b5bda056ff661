/**
 * An OpenWrt router stand-in: the real OpenSSH sshd on a free loopback port, logging in to busybox ash with
 * a PATH holding our uci/fw4/ubus stand-ins, each peer with its own config directory and staging area.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { generateHostKey } from "./host-key";
import { buildPeerFilesystem, type BoardInfo, type FirewallSeed, type PeerDirs } from "./peer-filesystem";
import { renderSshdConfig } from "./sshd-config";
import { ensureTestUser } from "./test-user";
import type { OpenWrtFaults } from "./faults";
import { killProcessTree } from "./process-tree";

export type { OpenWrtFaults } from "./faults";

export interface OpenWrtPeerOptions {
  /** "stock" = OpenWrt's default firewall; "foreign" = stock + hand-made rules and an ipset; "minimal" = no rules. */
  seed?: FirewallSeed;
  /** OpenSSH public key lines allowed to log in (besides the password). */
  authorizedKeys?: string[];
  board?: Partial<BoardInfo>;
  /** false = fw4 never started: `fw4 reload` then fails like on a router whose firewall is down. */
  firewallLoaded?: boolean;
  faults?: OpenWrtFaults;
  /** Rules registered by services through procd (dynamic: in fw4's ruleset, not in uci). */
  serviceRules?: Record<string, Record<string, unknown>[]>;
}

export interface PeerSection {
  type: string;
  /** null for anonymous sections */
  name: string | null;
  /** `@type[i]` for anonymous sections, else the name */
  ref: string;
  options: Record<string, string | string[]>;
}

export interface PeerState {
  sections: PeerSection[];
  /** service -> instance -> { firewall: rule[] } */
  services: Record<string, Record<string, { firewall?: Record<string, unknown>[] }>>;
}

export interface RunResult {
  rc: number;
  stdout: string;
  stderr: string;
}

export interface OpenWrtPeer {
  host: string;
  port: number;
  username: string;
  password: string;
  configDir: string;
  hostKeyFingerprint: string;
  /**
   * Where the router's /tmp is, seen from the test: each stand-in has its own, as each router has (its sshd
   * runs in a private mount namespace with /tmp bound to <root>/tmp), so one router's revert timers are never
   * another's. "/tmp" itself where mount namespaces are not available.
   */
  tmpDir: string;
  /** The directory of pushId's revert timer on the router (its restore copy, pid, firing time), seen from the test. */
  revertDir(pushId: string): string;
  /** Firewall sections as fw4 would load them (committed + staged), parsed by the stand-in itself. */
  readState(): PeerState;
  /** Committed /etc/config/firewall as the router holds it. */
  readConfig(): string;
  /** Runs the stand-in uci directly (as the login user, no SSH): for asserting router state. */
  uci(args: string[], stdin?: string): RunResult;
  fw4(args: string[]): RunResult;
  /** Ruleset of the last successful fw4 reload/start ("" if none). */
  readLiveRuleset(): string;
  /** The stand-in's `nft` (the kernel side: what table inet fw4 holds, set elements included). */
  nft(args: string[], stdin?: string): RunResult;
  /** The elements the kernel's set `name` in table inet fw4 holds now; null when there is no such set. */
  kernelSet(name: string): string[] | null;
  /** One entry per fw4 reload/start/stop, oldest first. */
  reloads(): { cmd: string; loaded: boolean }[];
  setFaults(faults: OpenWrtFaults): void;
  /**
   * The kernel's table inet fw4 as the stand-in keeps it (var/fw4/kernel.json: sets, elements, chains); "" if
   * none. Handles are left out: a reload hands out new ones for the same rules, so they are not what it holds.
   */
  readKernel(): string;
  /** The staged (uncommitted) firewall changes as uci keeps them (/tmp/.uci/firewall); "" if none. */
  readStaged(): string;
  /**
   * Traffic through the kernel's rules commented `comment` (fw4 writes `!fw4: <name>`): the kernel adds each packet
   * a rule with a `counter` matches to its packets and its size to its bytes. The stand-in routes no packets, so
   * tests say how many matched; returns the handles counted (a section split per family renders several rules).
   */
  countTraffic(comment: string, packets: number, bytes: number): number[];
  /**
   * A copy of the router's firewall as it is now (committed file, staged changes, what fw4 loaded, the kernel
   * table); calling the result puts exactly that back, as restoring a backup and rebooting would. For tests that
   * need the same starting state many times without a push to get there.
   */
  keepFirewall(): () => void;
  /** The first line of the command the dropAtCommand fault fired on since the faults were set; null if none. */
  droppedCommand(): string | null;
  /** SSH commands run since the faults were set, counted while a dropAtCommand fault is set. */
  commandsCounted(): number;
  /**
   * The router's processes (started over SSH, detached ones included: a revert watchdog and its sleep), as
   * "pid argv…". Nothing of a push may stay running once it has ended and its timer is settled.
   */
  processes(): string[];
  /**
   * The router's clock moved past every pending `sleep` (a revert watchdog's wait): each sleeping process ends
   * as if its time had run out, and this resolves once everything the router was running has finished.
   */
  advanceClock(): Promise<void>;
  /** New host key, sshd re-reads it (SIGHUP): the next connection sees a changed key. */
  rotateHostKey(): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_BOARD: BoardInfo = {
  model: "Example Router X1",
  version: "23.05.3",
  revision: "r23809-0123abcd",
  target: "ramips/mt7621",
  hostname: "OpenWrt",
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once something on the port sends an SSH banner. */
function sshBannerSeen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.on("data", (b) => done(b.toString("latin1").startsWith("SSH-")));
    sock.on("error", () => done(false));
  });
}

async function waitForSshd(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited: ${stderr()}`);
    if (await sshBannerSeen(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not come up on port ${port}: ${stderr()}`);
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Processes started over SSH on this stand-in: their environment names its root (sshd's SetEnv). */
function routerProcesses(root: string): { pid: number; argv: string[] }[] {
  const mark = `OWRT_ROOT=${root}`;
  const out: { pid: number; argv: string[] }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(mark)) continue;
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (argv.length) out.push({ pid: Number(entry), argv });
    } catch {
      // it ended while we looked
    }
  }
  return out;
}

let isolation: boolean | undefined;
/** Whether a private mount namespace can be made here (root with CAP_SYS_ADMIN): once per process. */
function canIsolateTmp(): boolean {
  isolation ??= spawnSync("unshare", ["-m", "--propagation", "private", "true"], { stdio: "ignore" }).status === 0;
  return isolation;
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) if (c.pid) killProcessTree(c.pid);
});

export async function startOpenWrtPeer(opts: OpenWrtPeerOptions = {}): Promise<OpenWrtPeer> {
  const user = ensureTestUser();
  const d: PeerDirs = buildPeerFilesystem({
    user,
    seed: opts.seed ?? "stock",
    board: { ...DEFAULT_BOARD, ...opts.board },
    firewallLoaded: opts.firewallLoaded ?? true,
    authorizedKeys: opts.authorizedKeys ?? [],
  });
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // privilege separation dir sshd insists on
  const hostKeyPath = path.join(d.ssh, "host_ed25519");
  let hostKeyFingerprint = generateHostKey(hostKeyPath);

  const runLocal = (script: string, args: string[], stdin?: string): RunResult => {
    const r = spawnSync(process.execPath, [path.join(d.lib, script), ...args], {
      input: stdin ?? "",
      uid: user.uid,
      gid: user.gid,
      env: { NODE_ENV: process.env.NODE_ENV, OWRT_ROOT: d.root, PATH: d.bin } as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const setFaults = (f: OpenWrtFaults) => {
    fs.rmSync(path.join(d.root, "var/fault-batches"), { force: true });
    fs.rmSync(path.join(d.root, "var/fault-reply-dropped"), { force: true });
    fs.rmSync(path.join(d.root, "var/fault-commands"), { force: true });
    fs.rmSync(path.join(d.root, "var/fault-command-dropped"), { force: true });
    fs.writeFileSync(path.join(d.root, "faults.json"), JSON.stringify(f));
    const at = path.join(d.root, "var/drop-at");
    if (f.dropAtCommand) fs.writeFileSync(at, `${f.dropAtCommand.n} ${f.dropAtCommand.when}\n`);
    else fs.rmSync(at, { force: true });
  };
  if (opts.firewallLoaded ?? true) runLocal("fw4-cli.mjs", ["-q", "start"]);
  if (opts.faults) setFaults(opts.faults);
  if (opts.serviceRules) {
    const data = Object.fromEntries(
      Object.entries(opts.serviceRules).map(([svc, rules]) => [svc, { [svc]: { firewall: rules } }]),
    );
    fs.writeFileSync(path.join(d.root, "etc/ubus-service-data.json"), JSON.stringify(data));
  }

  const isolated = !d.dir.startsWith("/tmp/") && canIsolateTmp();
  const tmpDir = isolated ? path.join(d.root, "tmp") : "/tmp";
  if (isolated) fs.chmodSync(tmpDir, 0o1777);
  let child: ChildProcess | undefined;
  let port = 0;
  let log = "";
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const configPath = path.join(d.ssh, "sshd_config");
    fs.writeFileSync(
      configPath,
      renderSshdConfig({
        port,
        hostKeyPath,
        pidFile: path.join(d.ssh, "sshd.pid"),
        authorizedKeysFile: d.authorizedKeys,
        username: user.username,
        owrtRoot: d.root,
        binDir: d.bin,
        sessionWrapper: d.sessionWrapper,
      }),
      { mode: 0o600 },
    );
    log = "";
    const sshdArgs = ["-D", "-e", "-f", configPath];
    child = isolated
      ? spawn(
          "unshare",
          [
            "-m",
            "--propagation",
            "private",
            "/bin/sh",
            "-c",
            'mount --bind "$0" /tmp && exec /usr/sbin/sshd "$@"',
            tmpDir,
            ...sshdArgs,
          ],
          { stdio: ["ignore", "ignore", "pipe"] },
        )
      : spawn("/usr/sbin/sshd", sshdArgs, { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (b) => (log = (log + b.toString()).slice(-4000)));
    live.add(child);
    try {
      await waitForSshd(port, child, () => log);
      break;
    } catch (e) {
      live.delete(child);
      if (child.pid) killProcessTree(child.pid);
      // another test grabbed the port between our probe and sshd's bind: try another
      if (attempt < 4 && /Address already in use|Cannot bind/.test(log)) continue;
      fs.rmSync(d.dir, { recursive: true, force: true });
      throw e;
    }
  }
  const sshd = child;

  return {
    host: "127.0.0.1",
    port,
    username: user.username,
    password: user.password,
    configDir: d.configDir,
    tmpDir,
    revertDir: (pushId) => path.join(tmpDir, `rampart-revert.${pushId}`),
    get hostKeyFingerprint() {
      return hostKeyFingerprint;
    },
    readState: () => JSON.parse(runLocal("state-json.mjs", []).stdout) as PeerState,
    readConfig: () => fs.readFileSync(path.join(d.configDir, "firewall"), "utf8"),
    uci: (args, stdin) => runLocal("uci-cli.mjs", args, stdin),
    fw4: (args) => runLocal("fw4-cli.mjs", args),
    nft: (args, stdin) => runLocal("nft-cli.mjs", args, stdin),
    kernelSet: (name) => {
      try {
        const table = JSON.parse(fs.readFileSync(path.join(d.root, "var/fw4/kernel.json"), "utf8")) as {
          sets: { name: string; elements: string[] }[];
        };
        return table.sets.find((s) => s.name === name)?.elements ?? null;
      } catch {
        return null;
      }
    },
    readLiveRuleset: () => {
      try {
        return fs.readFileSync(path.join(d.root, "var/fw4/live.nft"), "utf8");
      } catch {
        return "";
      }
    },
    reloads: () => {
      try {
        return fs
          .readFileSync(path.join(d.root, "var/fw4/reloads.log"), "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l));
      } catch {
        return [];
      }
    },
    setFaults,
    countTraffic(comment, packets, bytes) {
      const file = path.join(d.root, "var/fw4/kernel.json");
      const table = JSON.parse(fs.readFileSync(file, "utf8")) as {
        chains: string[];
        counters?: Record<string, [number, number]>;
      };
      const quoted = `comment "${comment}"`;
      const handles = table.chains
        .flatMap((c) => c.split("\n"))
        .filter((l) => l.includes(" counter ") && l.includes(quoted))
        .map((l) => Number(/ # handle (\d+)$/.exec(l)?.[1]));
      if (handles.length === 0) throw new Error(`no counted rule commented ${comment} in the kernel`);
      table.counters ??= {};
      for (const h of handles) {
        const [p, b] = table.counters[h] ?? [0, 0];
        table.counters[h] = [p + packets, b + bytes];
      }
      fs.writeFileSync(file, JSON.stringify(table));
      return handles;
    },
    readKernel: () => {
      const text = readOr(path.join(d.root, "var/fw4/kernel.json"));
      if (text === "") return text;
      // counters count packets, they are not what the table holds
      const {
        nextHandle: _,
        counters: _c,
        ...table
      } = JSON.parse(text) as {
        chains: string[];
        nextHandle?: number;
        counters?: unknown;
      };
      return JSON.stringify({ ...table, chains: table.chains.map((c) => c.replace(/ # handle \d+$/gm, "")) });
    },
    readStaged: () => readOr(path.join(d.root, "tmp/.uci/firewall")),
    keepFirewall: () => {
      const files = [
        "etc/config/firewall",
        "tmp/.uci/firewall",
        "var/fw4/live.nft",
        "var/fw4/kernel.json",
        "var/fw4/state.json",
      ].map((f) => path.join(d.root, f));
      const kept = files.map((f) => (fs.existsSync(f) ? fs.readFileSync(f) : null));
      return () =>
        files.forEach((f, i) => {
          const k = kept[i];
          if (k === null) return fs.rmSync(f, { force: true });
          fs.writeFileSync(f, k);
          fs.chownSync(f, user.uid, user.gid);
        });
    },
    droppedCommand: () => {
      try {
        return fs.readFileSync(path.join(d.root, "var/fault-command-dropped"), "utf8").replace(/\n$/, "");
      } catch {
        return null;
      }
    },
    commandsCounted: () => {
      try {
        return Number(fs.readFileSync(path.join(d.root, "var/fault-commands"), "utf8")) || 0;
      } catch {
        return 0;
      }
    },
    processes: () => routerProcesses(d.root).map((p) => `${p.pid} ${p.argv.join(" ")}`),
    async advanceClock() {
      // a sleep is busybox's applet (argv "sleep …" or "busybox sleep …"): SIGALRM would be the same to it
      for (const p of routerProcesses(d.root)) {
        if (p.argv.slice(0, 2).some((a) => a === "sleep" || a.endsWith("/sleep"))) {
          try {
            process.kill(p.pid, "SIGKILL");
          } catch {}
        }
      }
      const until = Date.now() + 20_000;
      while (routerProcesses(d.root).length > 0) {
        if (Date.now() > until)
          throw new Error(
            `still running on the router after the clock moved on: ${routerProcesses(d.root)
              .map((p) => p.argv.join(" "))
              .join("; ")}`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async rotateHostKey() {
      hostKeyFingerprint = generateHostKey(hostKeyPath);
      sshd.kill("SIGHUP"); // sshd re-executes itself and reloads its host keys
      await new Promise((r) => setTimeout(r, 100));
      await waitForSshd(port, sshd, () => log);
      return hostKeyFingerprint;
    },
    async close() {
      if (sshd.pid && sshd.exitCode === null) {
        const exited = new Promise((r) => sshd.once("exit", r));
        killProcessTree(sshd.pid);
        await exited;
      }
      live.delete(sshd);
      // detached watchdogs outlive sshd, as they outlive a session on a router: the router is gone now
      for (const p of routerProcesses(d.root)) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {}
      }
      fs.rmSync(d.dir, { recursive: true, force: true });
    },
  };
}
