import { apiHandler } from "@/lib/api/operation";
import { downloadBackupOp } from "@/lib/api/operations/system";
import { backupForDownload } from "@/lib/backup/download-backup";

export const GET = apiHandler(downloadBackupOp, async ({ principal }) => {
  const { bytes, filename } = await backupForDownload(principal!.actor);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "application/vnd.sqlite3",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
});
