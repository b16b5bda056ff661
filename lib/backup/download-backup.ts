import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { recordAudit, type Actor } from "@/lib/audit/record";
import { describeBackup } from "./inspect-backup";
import { takeBackup } from "./take-backup";

/**
 * A backup for the browser or an API client: taken into a private temp folder, read once, deleted before the
 * response leaves (the bytes are in memory by then; backups of this size are megabytes, not gigabytes).
 */
export async function backupForDownload(actor: Actor): Promise<{ bytes: Buffer; filename: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-backup-"));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const filename = `rampart-backup-${stamp}.db`;
  try {
    const r = await takeBackup(path.join(dir, filename));
    const bytes = fs.readFileSync(r.file);
    await recordAudit({
      actor,
      action: "backup.create",
      summary: `Downloaded a backup (${describeBackup(r.summary)})`,
    });
    return { bytes, filename };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
