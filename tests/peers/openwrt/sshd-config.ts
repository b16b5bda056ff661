/**
 * sshd_config shaped like OpenWrt's dropbear (docs/openwrt-uci.md §6, §8): no sftp subsystem, no AcceptEnv,
 * password and key login, and a per-peer root + PATH injected with SetEnv so each peer has its own state.
 */
export interface SshdConfigInput {
  port: number;
  hostKeyPath: string;
  pidFile: string;
  authorizedKeysFile: string;
  username: string;
  owrtRoot: string;
  binDir: string;
  sessionWrapper: string;
}

export function renderSshdConfig(c: SshdConfigInput): string {
  return [
    `Port ${c.port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${c.hostKeyPath}`,
    `PidFile ${c.pidFile}`,
    `AuthorizedKeysFile ${c.authorizedKeysFile}`,
    "StrictModes no",
    "UsePAM no",
    "PasswordAuthentication yes",
    "PermitEmptyPasswords no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "PermitRootLogin no",
    `AllowUsers ${c.username}`,
    // dropbear rejects exec commands over ~9000 bytes; the wrapper enforces that before running ash -c
    `ForceCommand ${c.sessionWrapper}`,
    `SetEnv OWRT_ROOT=${c.owrtRoot} PATH=${c.binDir}`,
    "PrintMotd no",
    "PrintLastLog no",
    "X11Forwarding no",
    "AllowTcpForwarding no",
    "AllowAgentForwarding no",
    "MaxStartups 200:30:400",
    "MaxSessions 50",
    "LoginGraceTime 30",
    "LogLevel ERROR",
    "",
  ].join("\n");
}
