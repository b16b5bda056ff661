"use server";

import { revalidatePath } from "next/cache";
import { pushGuardSummary, savePushGuard } from "@/lib/analysis/push-guard";
import { pushGuardSettingsSchema } from "@/lib/analysis/schemas";
import { recordAudit } from "@/lib/audit/record";
import { formAction } from "@/lib/auth/action";
import { clientMeta } from "@/lib/auth/client-meta";

export const savePushGuardAction = formAction(
  "admin",
  pushGuardSettingsSchema,
  (fd) => ({ blockOnConflicts: fd.get("blockOnConflicts") === "on" }),
  async (s, user) => {
    await savePushGuard(s);
    await recordAudit({
      actor: { type: "user", id: user.id, label: user.username },
      action: "settings.push-guard",
      summary: pushGuardSummary(s),
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    return {
      ok: true,
      message: s.blockOnConflicts
        ? "Saved: previews and pushes of revisions with conflicts are refused."
        : "Saved: conflicts are shown but do not block pushes.",
    };
  },
);
