/**
 * One stand-in router on disk: <dir>/root replaces "/" for uci, fw4 and ubus (etc/config, tmp/.uci, var/fw4),
 * <dir>/bin is the whole PATH (OpenWrt's busybox applets plus our uci/fw4/ubus), <dir>/lib holds the stand-in
 * scripts, <dir>/ssh the root-only sshd files.
 */
import fs from "node:fs";
import path from "node:path";
import type { TestUser } from "./test-user";

// Found from the working directory rather than import.meta: Playwright loads this file as CommonJS, where
// import.meta does not exist. Every runner (vitest, Playwright, tsx scripts, bench) starts in the repo or below it.
const STANDIN_DIR = findStandinDir(process.cwd());

function findStandinDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "tests", "peers", "openwrt", "standin");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`tests/peers/openwrt/standin not found above ${start}`);
  }
}

// Applets of OpenWrt's default busybox that scripts use. Debian's busybox also has nohup, setsid, timeout,
// realpath, stat and base64, which OpenWrt lacks (docs/openwrt-uci.md §5), so they stay off the PATH; so do
// usleep and mkfifo, which a real OpenWrt router did not have (a script must not depend on them).
const APPLETS = (
  "ash sh cat echo printf test [ [[ true false grep egrep fgrep awk sed cut tr sort uniq head tail wc " +
  "ls mkdir rmdir rm mv cp ln touch chmod chown mktemp sha256sum md5sum logger date env kill ps id uname hostname " +
  "readlink dirname basename xargs find tee expr seq start-stop-daemon which pidof killall free df dmesg " +
  "sync uptime"
).split(" ");

export type FirewallSeed = "stock" | "foreign" | "minimal" | { text: string };

export interface BoardInfo {
  model: string;
  version: string;
  revision: string;
  target: string;
  hostname: string;
}

export interface PeerDirs {
  dir: string;
  root: string;
  bin: string;
  lib: string;
  ssh: string;
  configDir: string;
  authorizedKeys: string;
  sessionWrapper: string;
}

function seedText(seed: FirewallSeed): string {
  if (typeof seed === "object") return seed.text;
  const stock = fs.readFileSync(path.join(STANDIN_DIR, "seed/firewall-default.conf"), "utf8");
  if (seed === "stock") return stock;
  if (seed === "foreign") return stock + fs.readFileSync(path.join(STANDIN_DIR, "seed/firewall-foreign.conf"), "utf8");
  // defaults, zones and forwarding only: a firewall with no rules at all
  return stock.slice(0, stock.indexOf("# We need to accept udp packets"));
}

function writeScript(file: string, body: string): void {
  fs.writeFileSync(file, body, { mode: 0o755 });
}

export function buildPeerFilesystem(opts: {
  user: TestUser;
  seed: FirewallSeed;
  board: BoardInfo;
  firewallLoaded: boolean;
  authorizedKeys: string[];
}): PeerDirs {
  // not under /tmp: the router's sshd sees its own /tmp (start-openwrt-peer.ts), which would hide this directory
  const dir = fs.mkdtempSync(fs.existsSync("/var/tmp") ? "/var/tmp/rampart-owrt-peer-" : "/tmp/rampart-owrt-peer-");
  fs.chmodSync(dir, 0o755);
  const d: PeerDirs = {
    dir,
    root: path.join(dir, "root"),
    bin: path.join(dir, "bin"),
    lib: path.join(dir, "lib"),
    ssh: path.join(dir, "ssh"),
    configDir: path.join(dir, "root/etc/config"),
    authorizedKeys: path.join(dir, "auth/authorized_keys"),
    sessionWrapper: path.join(dir, "bin-session/owrt-session"),
  };
  for (const p of [
    d.bin,
    d.lib,
    d.configDir,
    path.join(d.root, "tmp/.uci"),
    path.join(d.root, "tmp/sysinfo"),
    path.join(d.root, "var/fw4"),
    path.dirname(d.authorizedKeys),
    path.dirname(d.sessionWrapper),
  ]) {
    fs.mkdirSync(p, { recursive: true, mode: 0o755 });
  }
  fs.mkdirSync(d.ssh, { mode: 0o700 });
  fs.cpSync(STANDIN_DIR, d.lib, { recursive: true });

  const { board } = opts;
  fs.writeFileSync(path.join(d.configDir, "firewall"), seedText(opts.seed), { mode: 0o644 });
  fs.writeFileSync(path.join(d.root, "faults.json"), "{}\n");
  fs.writeFileSync(path.join(d.root, "tmp/sysinfo/model"), `${board.model}\n`);
  fs.writeFileSync(
    path.join(d.root, "etc/openwrt_release"),
    `DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='${board.version}'\nDISTRIB_REVISION='${board.revision}'\n` +
      `DISTRIB_TARGET='${board.target}'\nDISTRIB_ARCH='mipsel_24kc'\nDISTRIB_DESCRIPTION='OpenWrt ${board.version} ${board.revision}'\n`,
  );
  fs.writeFileSync(
    path.join(d.root, "etc/board.json"),
    JSON.stringify({
      kernel: "5.15.150",
      hostname: board.hostname,
      system: "MediaTek MT7621 ver:1 eco:3",
      model: board.model,
      board_name: "example,router-x1",
      rootfs_type: "squashfs",
      release: {
        distribution: "OpenWrt",
        version: board.version,
        revision: board.revision,
        target: board.target,
        description: `OpenWrt ${board.version} ${board.revision}`,
      },
    }),
  );
  fs.writeFileSync(d.authorizedKeys, opts.authorizedKeys.map((k) => `${k.trim()}\n`).join(""), { mode: 0o644 });

  const bb = opts.user.busybox;
  const shell = bb ? `${bb} ash` : "/bin/sh";
  for (const [name, script] of [
    ["uci", "uci-cli.mjs"],
    ["fw4", "fw4-cli.mjs"],
    ["ubus", "ubus-cli.mjs"],
    ["nft", "nft-cli.mjs"],
  ]) {
    writeScript(path.join(d.bin, name), `#!${shell}\nexec ${process.execPath} ${path.join(d.lib, script)} "$@"\n`);
  }
  if (bb) {
    for (const a of APPLETS) fs.symlinkSync(bb, path.join(d.bin, a));
    // OpenWrt's sleep takes whole seconds only (Debian's busybox accepts fractions)
    fs.rmSync(path.join(d.bin, "sleep"), { force: true });
    writeScript(
      path.join(d.bin, "sleep"),
      `#!${shell}\ncase "$1" in *.*) echo "sleep: invalid number '$1'" >&2; exit 1;; esac\nexec ${bb} sleep "$@"\n`,
    );
  }
  if (fs.existsSync("/usr/bin/flock")) fs.symlinkSync("/usr/bin/flock", path.join(d.bin, "flock"));
  writeScript(
    d.sessionWrapper,
    `#!${shell}\ncmd="$SSH_ORIGINAL_COMMAND"\nunset SSH_ORIGINAL_COMMAND\n` +
      `if [ "\${#cmd}" -gt 9000 ]; then echo "command too long" >&2; exit 1; fi\n` +
      `[ -n "$cmd" ] || exec ${shell} -l\n` +
      // the dropAtCommand fault (faults.ts; setFaults writes "n when" to var/drop-at): the n-th command never
      // runs, or runs and its reply is lost. Counted in the shell: a node start per command would slow every push.
      // Counted under a lock: a client runs commands at once on one connection (a push reads the firewall and
      // lists revert timers together), and two unlocked read-add-writes gave both the same number.
      `if [ -f "$OWRT_ROOT/var/drop-at" ]; then read -r at when < "$OWRT_ROOT/var/drop-at"; ` +
      `c=$( { flock 8; c=$(cat "$OWRT_ROOT/var/fault-commands" 2>/dev/null); c=$((\${c:-0} + 1)); echo "$c" > "$OWRT_ROOT/var/fault-commands"; echo "$c"; } 8>>"$OWRT_ROOT/var/fault-commands.lock" ); ` +
      `if [ "$c" = "$at" ]; then printf '%s\\n' "$cmd" | head -n 1 > "$OWRT_ROOT/var/fault-command-dropped"; ` +
      `[ "$when" = after ] && ${shell} -c "$cmd" >/dev/null 2>&1; exec ${process.execPath} ${path.join(d.lib, "drop-connection.mjs")}; fi; fi\n` +
      // the dropReplyTo fault (faults.ts): run the command, lose its reply with the connection
      `if grep -q '"dropReplyTo"' "$OWRT_ROOT/faults.json" 2>/dev/null && ${process.execPath} ${path.join(d.lib, "drop-reply.mjs")} "$cmd"; then ${shell} -c "$cmd" >/dev/null 2>&1; exec ${process.execPath} ${path.join(d.lib, "drop-connection.mjs")}; fi\n` +
      `exec ${shell} -c "$cmd"\n`,
  );

  if (opts.firewallLoaded) fs.writeFileSync(path.join(d.root, "var/fw4/live.nft"), "");
  chownTree(d.root, opts.user.uid, opts.user.gid);
  return d;
}

function chownTree(p: string, uid: number, gid: number): void {
  fs.chownSync(p, uid, gid);
  if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) chownTree(path.join(p, e), uid, gid);
}
