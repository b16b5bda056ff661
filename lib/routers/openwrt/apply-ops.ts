/**
 * apply(ops), one op at a time, each all-or-nothing:
 * - a `uci batch` op: its wire lines go to `uci batch` on stdin, `fw4 check` validates the staged result,
 *   `uci commit firewall` keeps it. uci batch exits 0 whatever fails and keeps the lines that worked
 *   (docs/openwrt-uci.md §3), so any stderr is a failure, and `uci revert firewall` then drops exactly the
 *   failing op's staged lines (fw4 reads /tmp/.uci too: a failed op's leftovers must never stay staged).
 * - a `uci import` op (wire[0] is the `# rampart: uci import firewall, base sha256 <hex>` comment, the rest the
 *   whole config): refused unless the router's export still hashes to the base and every foreign section of
 *   the new text is byte-identical and in the same order; the current export is kept (in memory) and imported
 *   back if `fw4 check` rejects the result. `uci import` replaces the file at once or not at all.
 * After the last op one step reloads fw4 and makes Rampart's kernel sets exact (uci-commands.ts RELOAD_FIREWALL).
 * The committed config and the running firewall never stay apart (a later reload, e.g. an interface hotplug,
 * would make an unverified config live): when anything fails after an op committed, or the reload does not
 * load, the committed config as it was before apply is imported back and reloaded at once.
 */
import { DriverError, type ApplyProgress, type VendorOp } from "../driver";
import { isManagedName } from "./managed-names";
import { IMPORT_HEADER, sha256 } from "./planner";
import type { SshConnection } from "./ssh-connection";
import { parseUciExport } from "./uci-export-parse";
import { isSyncOp } from "./running-changes";
import { UCI_COMMANDS } from "./uci-commands";

// Verbs a batch op may use, on Rampart's own sections only. commit/revert/import/batch/exit inside a line would
// break the apply sequence; add could create sections that are not Rampart's. `rename` only ever gives a section
// one of Rampart's names: that is how a push takes a foreign section over (an ownership claim the preview showed).
const BATCH_LINE = /^(set|add_list|del_list|delete|reorder) firewall\.rampart_[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)?(=.*)?$/;
const RENAME_LINE = /^rename firewall\.(@[a-z]+\[\d+\]|[A-Za-z0-9_]+)=rampart_[A-Za-z0-9_]+$/;
// A reorder moves a section without changing it: the one write on a foreign rule section, taking one the admin
// put among Rampart's back below them (plan-sections.ts).
const REORDER_LINE = /^reorder firewall\.(@rule\[\d+\]|[A-Za-z0-9_]+)=\d+$/;
const VERBS = ["set", "add_list", "del_list", "delete", "reorder", "rename"];

export const isImportOp = (op: VendorOp) => op.wire.length > 0 && IMPORT_HEADER.test(op.wire[0]);

export function checkWireLines(ops: VendorOp[]): void {
  ops.forEach((op, i) => {
    const bad = (what: string) => new DriverError("protocol", `op ${i} (${op.label}): ${what}`, undefined, i);
    if (isSyncOp(op)) return;
    if (isImportOp(op)) {
      if (op.wire.some((l) => /[\r\0]/.test(l) || l.includes("\n")))
        throw bad("an import op holds one config line per wire entry");
      return;
    }
    for (const line of op.wire) {
      if (/[\r\n\0]/.test(line)) throw bad("a uci batch line must be a single line");
      const verb = line.trimStart().split(/\s/)[0];
      if (!VERBS.includes(verb)) throw bad(`'${verb}' is not an allowed uci batch verb`);
      if (
        verb === "rename"
          ? !RENAME_LINE.test(line)
          : !BATCH_LINE.test(line) && !(verb === "reorder" && REORDER_LINE.test(line))
      )
        throw bad(`'${line.slice(0, 80)}' does not address one of Rampart's own (rampart_) sections`);
    }
  });
}

/**
 * The import text may differ from the router's current export only in Rampart's sections: foreign ones byte for
 * byte and in order; managed ones only rules and ipsets, never a file path (docs/openwrt-uci.md §7). A restore
 * that gives taken-over sections back (`givesBack`, from its header) re-adds exactly that many foreign rule or
 * ipset sections; every current foreign section must still be there, in order.
 */
/**
 * Section types Rampart may own: rules and sets, and the zone policy an import keeps as raw rules (docs/openwrt-fw4-chains.md §5). Never an include: it names a file or script on the router.
 */
const OWNABLE_TYPES = new Set(["rule", "ipset", "defaults", "zone", "forwarding", "redirect", "nat"]);

export function checkImportText(currentExport: string, text: string, givesBack = 0): string | null {
  let next;
  try {
    next = parseUciExport(text);
  } catch {
    return "the new config does not parse";
  }
  const foreignNow = parseUciExport(currentExport)
    .filter((s) => !isManagedName(s.name))
    .map((s) => s.text);
  const foreignNextSections = next.filter((s) => !isManagedName(s.name));
  const foreignNext = foreignNextSections.map((s) => s.text);
  if (
    givesBack === 0 &&
    (foreignNow.length !== foreignNext.length || foreignNow.some((t, i) => t !== foreignNext[i]))
  ) {
    return "it would change, move or remove a section that is not Rampart's";
  }
  if (givesBack > 0) {
    let j = 0;
    const extra = foreignNextSections.filter((s) => {
      if (j < foreignNow.length && s.text === foreignNow[j]) {
        j++;
        return false;
      }
      return true;
    });
    if (j !== foreignNow.length || extra.length !== givesBack || extra.some((s) => !OWNABLE_TYPES.has(s.type))) {
      return "it would change, move or remove a section that is not Rampart's (beyond giving back the sections a push took over)";
    }
  }
  for (const s of next.filter((x) => isManagedName(x.name))) {
    if (!OWNABLE_TYPES.has(s.type)) return `Rampart's section ${s.name} would be a '${s.type}'`;
    if (s.options.has("loadfile") || s.options.has("path")) return `Rampart's section ${s.name} would name a file`;
  }
  return null;
}

/**
 * fw4 warnings that name one of our sections mean that section (or one of its options) would be skipped: the
 * op failed. Two exceptions: "is disabled, ignoring section" is what `enabled '0'` asks for; and fw4 names the
 * zone it takes a port forward's inside host to be in ("does not specify a destination, assuming 'lan'", from
 * the zones' subnets) though the redirect is loaded as written: with `reflection 0` that zone changes nothing
 * rendered (compile-nat.ts).
 */
const HARMLESS = / (?:is disabled, ignoring section|does not specify a destination, assuming '[^']*')$/;
export function warningsAboutManaged(stderr: string): string[] {
  return stderr.split("\n").filter((l) => /^\[!\] Section rampart_/.test(l) && !HARMLESS.test(l));
}

const refused = (i: number, op: VendorOp, what: string, routerText: string) =>
  new DriverError("router-error", `op ${i} (${op.label}) ${what}: ${routerText}`, routerText, i);

/** Puts a committed config back and reloads: over this connection, or (after a drop) over a fresh one. */
export type RestoreCommitted = (configText: string, conn?: SshConnection) => Promise<void>;

export async function restoreCommitted(conn: SshConnection, configText: string): Promise<void> {
  await conn.exec(UCI_COMMANDS.revertFirewall);
  const imp = await conn.exec(UCI_COMMANDS.importFirewall, configText);
  if (imp.code !== 0 || imp.stderr.trim() !== "")
    throw new DriverError(
      "router-error",
      `uci import of the previous config failed: ${imp.stderr.trim() || `exit code ${imp.code}`}`,
      imp.stderr.trim(),
    );
  const problems = reloadProblems(await conn.exec(UCI_COMMANDS.reloadFirewall));
  if (problems)
    throw new DriverError(
      "router-error",
      `the previous config is committed again but fw4 reload did not load it: ${problems}`,
      problems,
    );
}

/** What went wrong in a RELOAD_FIREWALL run, or null. fw4 reload's exit code does not report an nft failure. */
function reloadProblems(reload: { code: number; stderr: string }): string | null {
  const problems = [
    ...warningsAboutManaged(reload.stderr),
    ...reload.stderr.split("\n").filter((l) => /Error:|does not appear to be loaded|rampart:/.test(l)),
  ];
  if (reload.code === 0 && problems.length === 0) return null;
  return (problems.join("\n") || reload.stderr).trim() || `exit code ${reload.code}`;
}

export async function applyOps(
  conn: SshConnection,
  ops: VendorOp[],
  onProgress: ((p: ApplyProgress) => void) | undefined,
  restoreAfterDrop: (configText: string) => Promise<void>,
): Promise<void> {
  checkWireLines(ops);
  const pending = await conn.exec(UCI_COMMANDS.changesFirewall);
  if (pending.stdout.trim() !== "") {
    const text = pending.stdout.trim();
    throw new DriverError(
      "router-error",
      `the router has uncommitted firewall changes made by someone else; refusing to push on top of them: ${text}`,
      text,
      0,
    );
  }
  if (ops.length === 0) return;
  // the copy to put back if the new config cannot be made live (no staged changes: this is the committed config)
  const kept = await conn.exec(UCI_COMMANDS.exportCommitted);
  if (kept.code !== 0)
    throw new DriverError("router-error", `uci export firewall failed: ${kept.stderr.trim()}`, kept.stderr.trim(), 0);
  const putBack = async (i: number, e: DriverError, dropped: boolean): Promise<never> => {
    let note: string;
    try {
      if (dropped) await restoreAfterDrop(kept.stdout);
      else await restoreCommitted(conn, kept.stdout);
      note = "the committed config was put back as before and reloaded";
    } catch (r) {
      note = `putting the committed config back failed: ${r instanceof Error ? r.message : String(r)}`;
    }
    throw new DriverError(e.kind, `${e.message} (${note})`, e.routerMessage, i);
  };

  let committed = false;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    try {
      if (isImportOp(op)) await importOp(conn, op, i);
      else if (!isSyncOp(op)) await batchOp(conn, op, i);
      committed ||= !isSyncOp(op);
    } catch (e) {
      if (!(e instanceof DriverError)) throw e;
      const dropped = e.kind === "closed" || e.kind === "timeout";
      const err =
        e.opIndex !== undefined
          ? e
          : new DriverError(e.kind, `op ${i} (${op.label}): ${e.message}`, e.routerMessage, i);
      // an earlier op committed, or the connection died mid-op (its commit may have run): put the config back
      if (committed || dropped) await putBack(i, err, dropped);
      throw err;
    }
    onProgress?.({ done: i + 1, total: ops.length });
  }

  let reload;
  try {
    reload = await conn.exec(UCI_COMMANDS.reloadFirewall);
  } catch (e) {
    if (!(e instanceof DriverError)) throw e;
    await putBack(
      ops.length - 1,
      new DriverError(e.kind, `fw4 reload: ${e.message}`, e.routerMessage),
      e.kind === "closed" || e.kind === "timeout",
    );
    throw e;
  }
  const problems = reloadProblems(reload);
  if (problems) {
    await putBack(
      ops.length - 1,
      new DriverError(
        "router-error",
        `the configuration was committed but fw4 reload did not load it: ${problems}`,
        problems,
      ),
      false,
    );
  }
}

async function fw4Problems(conn: SshConnection): Promise<string | null> {
  const check = await conn.exec(UCI_COMMANDS.fw4Check);
  const skipped = warningsAboutManaged(check.stderr);
  if (check.code === 0 && skipped.length === 0) return null;
  return (skipped.length ? skipped.join("\n") : check.stderr).trim() || `exit code ${check.code}`;
}

async function batchOp(conn: SshConnection, op: VendorOp, i: number): Promise<void> {
  const batch = await conn.exec(UCI_COMMANDS.batch, op.wire.map((l) => `${l}\n`).join(""));
  if (batch.code !== 0 || batch.stderr.trim() !== "") {
    await conn.exec(UCI_COMMANDS.revertFirewall);
    throw refused(i, op, "was refused by uci", batch.stderr.trim() || `exit code ${batch.code}`);
  }
  const problems = await fw4Problems(conn);
  if (problems !== null) {
    await conn.exec(UCI_COMMANDS.revertFirewall);
    throw refused(i, op, "was rejected by fw4 check", problems);
  }
  const commit = await conn.exec(UCI_COMMANDS.commitFirewall);
  if (commit.code !== 0 || commit.stderr.trim() !== "") {
    await conn.exec(UCI_COMMANDS.revertFirewall);
    throw refused(i, op, "could not be committed", commit.stderr.trim() || `exit code ${commit.code}`);
  }
}

async function importOp(conn: SshConnection, op: VendorOp, i: number): Promise<void> {
  const header = IMPORT_HEADER.exec(op.wire[0])!;
  const base = header[1];
  const givesBack = header[2] ? Number(header[2]) : 0;
  const text = op.wire.join("\n");
  const current = await conn.exec(UCI_COMMANDS.exportCommitted);
  if (current.code !== 0)
    throw refused(i, op, "could not read the current config", current.stderr.trim() || `exit code ${current.code}`);
  if (sha256(current.stdout) !== base) {
    throw refused(i, op, "was not run", "the firewall config changed since the plan was made; preview again");
  }
  const wrong = checkImportText(current.stdout, text, givesBack);
  if (wrong !== null)
    throw new DriverError("protocol", `op ${i} (${op.label}) refused before sending: ${wrong}`, undefined, i);
  const imp = await conn.exec(UCI_COMMANDS.importFirewall, text);
  if (imp.code !== 0 || imp.stderr.trim() !== "")
    throw refused(i, op, "was refused by uci import", imp.stderr.trim() || `exit code ${imp.code}`);
  const problems = await fw4Problems(conn);
  if (problems !== null) {
    // the copy kept for restore: the export read above, imported back whole
    const back = await conn.exec(UCI_COMMANDS.importFirewall, current.stdout);
    const restored =
      back.code === 0 && back.stderr.trim() === ""
        ? "the previous config was imported back"
        : `importing the previous config back failed too: ${back.stderr.trim()}`;
    throw refused(i, op, `was rejected by fw4 check (${restored})`, problems);
  }
}
