"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit/record";
import { formAction, formNumber } from "@/lib/auth/action";
import { clientMeta } from "@/lib/auth/client-meta";
import { hitSettingsSchema } from "@/lib/hits/schemas";
import { saveHitSettings } from "@/lib/hits/settings";

export const saveHitSettingsAction = formAction(
  "admin",
  hitSettingsSchema,
  (fd) => ({ unusedDays: formNumber(fd, "unusedDays") }),
  async (s, user) => {
    await saveHitSettings(s);
    const days = `${s.unusedDays} day${s.unusedDays === 1 ? "" : "s"}`;
    await recordAudit({
      actor: { type: "user", id: user.id, label: user.username },
      action: "settings.hits",
      summary: `Rules without hits for ${days} are flagged unused`,
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    return { ok: true, message: `Saved: a rule with no hit on any of its routers for ${days} is flagged unused.` };
  },
);
