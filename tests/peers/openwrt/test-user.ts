/**
 * The login user every OpenWrt stand-in shares. Created once per machine under a flock, because several test
 * files start peers in parallel and useradd/chpasswd fail when they race on /etc/shadow.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";

export const TEST_USER = "rampart-owrt";
/** Test-only credential of a throwaway local account; never used anywhere else. */
export const TEST_PASSWORD = "owrt-test-Pw-7";
const HOME = "/var/lib/rampart-owrt";
const SHELL_DIR = "/usr/local/libexec/rampart-owrt";
const MARKER = `${HOME}/.rampart-setup-v1`;
const LOCK = "/tmp/.rampart-owrt-user.lock";

export interface TestUser {
  username: string;
  password: string;
  uid: number;
  gid: number;
  /** busybox if installed, so the login shell is ash like OpenWrt's; else /bin/sh. */
  busybox: string | null;
}

export function findBusybox(): string | null {
  for (const p of ["/usr/bin/busybox", "/bin/busybox"]) if (fs.existsSync(p)) return p;
  return null;
}

export function ensureTestUser(): TestUser {
  const busybox = findBusybox();
  if (!fs.existsSync(MARKER)) {
    // sshd starts the login shell with argv[0] = basename, so a symlink named "ash" makes busybox run ash
    const shell = busybox ? `${SHELL_DIR}/ash` : "/bin/sh";
    const script = [
      "set -e",
      `[ -e ${MARKER} ] && exit 0`,
      busybox ? `mkdir -p ${SHELL_DIR} && ln -sf ${busybox} ${SHELL_DIR}/ash` : "true",
      `id ${TEST_USER} >/dev/null 2>&1 || useradd --home-dir ${HOME} --create-home --shell ${shell} ${TEST_USER}`,
      `usermod --shell ${shell} ${TEST_USER}`,
      `mkdir -p ${HOME} && chown ${TEST_USER}: ${HOME}`,
      `echo '${TEST_USER}:${TEST_PASSWORD}' | chpasswd`,
      `touch ${MARKER}`,
    ].join("\n");
    execFileSync("flock", [LOCK, "sh", "-c", script], { stdio: ["ignore", "ignore", "pipe"] });
  }
  const uid = Number(execFileSync("id", ["-u", TEST_USER]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", TEST_USER]).toString().trim());
  return { username: TEST_USER, password: TEST_PASSWORD, uid, gid, busybox };
}
