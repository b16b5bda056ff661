/** Host keys for the stand-in's sshd and the OpenSSH-style fingerprint ("SHA256:" + unpadded base64). */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";

export function fingerprintOfPublicKeyLine(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? "", "base64");
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** (Re)generates an ed25519 host key at keyPath and returns its fingerprint. */
export function generateHostKey(keyPath: string): string {
  fs.rmSync(keyPath, { force: true });
  fs.rmSync(`${keyPath}.pub`, { force: true });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "rampart-owrt-peer", "-f", keyPath]);
  return fingerprintOfPublicKeyLine(fs.readFileSync(`${keyPath}.pub`, "utf8"));
}
