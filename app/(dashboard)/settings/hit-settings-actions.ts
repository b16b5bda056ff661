"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit/record";
import { formAction, formNumber } from "@/lib/auth/action";
import { clientMeta } from "@/lib/auth/client-meta";
import { hitSettingsSchema } from "@/lib/hits/schemas";
import { hitSettingsSummary, saveHitSettings, unusedWindowText } from "@/lib/hits/settings";

export const saveHitSettingsAction = formAction(
  "admin",
  hitSettingsSchema,
  (fd) => ({ unusedDays: formNumber(fd, "unusedDays") }),
  async (s, user) => {
    await saveHitSettings(s);
    await recordAudit({
      actor: { type: "user", id: user.id, label: user.username },
      action: "settings.hits",
      summary: hitSettingsSummary(s),
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    return {
      ok: true,
      message: `Saved: a rule with no hit on any of its routers for ${unusedWindowText(s)} is flagged unused.`,
    };
  },
);
