/**
 * apply(ops), one op at a time: its wire lines go to `uci batch` on stdin, `fw4 check` validates the staged
 * result, `uci commit firewall` keeps it; after the last op one `fw4 reload` puts everything live.
 * Committing per op makes the driver contract hold (ops before a failure stay, the failing one leaves
 * nothing behind): `uci revert firewall` then drops exactly the failing op's staged lines. uci batch exits 0
 * whatever fails and keeps the lines that worked (openwrt-uci-fw4.md §3), so any stderr is a failure; and
 * fw4 reads /tmp/.uci too, so a failed op's leftovers must never stay staged.
 */
import { DriverError, type ApplyProgress, type VendorOp } from "../driver";
import type { SshConnection } from "./ssh-connection";
import { UCI_COMMANDS } from "./uci-commands";

// Verbs a plan may use. commit/revert/import/batch or `exit` inside a line would break the apply sequence.
const ALLOWED_VERBS = new Set(["set", "add", "add_list", "del_list", "delete", "rename", "reorder"]);

export function checkWireLines(ops: VendorOp[]): void {
  ops.forEach((op, i) => {
    for (const line of op.wire) {
      if (/[\r\n\0]/.test(line)) throw new DriverError("protocol", `op ${i} (${op.label}): a uci batch line must be a single line`, undefined, i);
      const verb = line.trimStart().split(/\s/)[0];
      if (!ALLOWED_VERBS.has(verb)) throw new DriverError("protocol", `op ${i} (${op.label}): '${verb}' is not an allowed uci batch verb`, undefined, i);
    }
  });
}

/** fw4 warnings that name one of our sections mean that section would be skipped: the op failed. */
export function warningsAboutManaged(stderr: string): string[] {
  return stderr.split("\n").filter((l) => /^\[!\] Section rampart_/.test(l));
}

const refused = (i: number, op: VendorOp, what: string, routerText: string) =>
  new DriverError("router-error", `op ${i} (${op.label}) ${what}: ${routerText}`, routerText, i);

export async function applyOps(
  conn: SshConnection,
  ops: VendorOp[],
  onProgress: ((p: ApplyProgress) => void) | undefined,
  revertAfterDrop: () => Promise<void>,
): Promise<void> {
  checkWireLines(ops);
  const pending = await conn.exec(UCI_COMMANDS.changesFirewall);
  if (pending.stdout.trim() !== "") {
    const text = pending.stdout.trim();
    throw new DriverError("router-error", `the router has uncommitted firewall changes made by someone else; refusing to push on top of them: ${text}`, text, 0);
  }

  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    try {
      const batch = await conn.exec(UCI_COMMANDS.batch, op.wire.map((l) => `${l}\n`).join(""));
      if (batch.code !== 0 || batch.stderr.trim() !== "") {
        await conn.exec(UCI_COMMANDS.revertFirewall);
        throw refused(i, op, "was refused by uci", batch.stderr.trim() || `exit code ${batch.code}`);
      }
      const check = await conn.exec(UCI_COMMANDS.fw4Check);
      const skipped = warningsAboutManaged(check.stderr);
      if (check.code !== 0 || skipped.length) {
        await conn.exec(UCI_COMMANDS.revertFirewall);
        throw refused(i, op, "was rejected by fw4 check", (skipped.length ? skipped.join("\n") : check.stderr).trim());
      }
      const commit = await conn.exec(UCI_COMMANDS.commitFirewall);
      if (commit.code !== 0 || commit.stderr.trim() !== "") {
        await conn.exec(UCI_COMMANDS.revertFirewall);
        throw refused(i, op, "could not be committed", commit.stderr.trim() || `exit code ${commit.code}`);
      }
    } catch (e) {
      if (!(e instanceof DriverError)) throw e;
      if (e.opIndex !== undefined) throw e;
      // the connection died or hung mid-op: clear its staged half over a fresh connection
      if (e.kind === "closed" || e.kind === "timeout") await revertAfterDrop().catch(() => undefined);
      throw new DriverError(e.kind, `op ${i} (${op.label}): ${e.message}`, e.routerMessage, i);
    }
    onProgress?.({ done: i + 1, total: ops.length });
  }

  if (ops.length === 0) return;
  const reload = await conn.exec(UCI_COMMANDS.fw4Reload);
  // fw4 reload's exit code does not report an nft failure: read its stderr
  const problems = [...warningsAboutManaged(reload.stderr), ...reload.stderr.split("\n").filter((l) => /Error:|does not appear to be loaded/.test(l))];
  if (reload.code !== 0 || problems.length) {
    const text = (problems.join("\n") || reload.stderr).trim();
    throw new DriverError("router-error", `the configuration was committed but fw4 reload did not load it: ${text}`, text, ops.length - 1);
  }
}
