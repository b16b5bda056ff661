"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit/record";
import { formAction, formString } from "@/lib/auth/action";
import { clientMeta } from "@/lib/auth/client-meta";
import { pollSettingsFormSchema, pollSummary, savePollSettings } from "@/lib/health/poll-interval";

export const savePollSettingsAction = formAction(
  "admin",
  pollSettingsFormSchema,
  (fd) => ({
    intervalSeconds: formString(fd, "intervalSeconds"),
    timeoutSeconds: formString(fd, "timeoutSeconds"),
    concurrency: formString(fd, "concurrency"),
    driftSeconds: formString(fd, "driftSeconds"),
  }),
  async (s, user) => {
    await savePollSettings(s);
    await recordAudit({
      actor: { type: "user", id: user.id, label: user.username },
      action: "settings.health-polling",
      summary: pollSummary(s),
      ip: (await clientMeta()).ip,
    });
    revalidatePath("/settings");
    revalidatePath("/health");
    return { ok: true, message: "Saved; the next sweep uses these values." };
  },
);
