"use server";

import { revalidatePath } from "next/cache";
import { recordAudit } from "@/lib/audit/record";
import { formAction, formNumber } from "@/lib/auth/action";
import { clientMeta } from "@/lib/auth/client-meta";
import { planRetentionSchema, prunePlans, savePlanRetention } from "@/lib/push/plan-retention";

export const savePlanRetentionAction = formAction(
  "admin",
  planRetentionSchema,
  (fd) => ({ days: formNumber(fd, "days") }),
  async (s, user) => {
    await savePlanRetention(s);
    await recordAudit({
      actor: { type: "user", id: user.id, label: user.username },
      action: "settings.plan-retention",
      summary: `Push plan detail kept ${s.days} day${s.days === 1 ? "" : "s"} after last use`,
      ip: (await clientMeta()).ip,
    });
    const r = await prunePlans();
    revalidatePath("/settings");
    return {
      ok: true,
      message: `Saved: plan detail is kept ${s.days} day${s.days === 1 ? "" : "s"} after its last use${r.pruned ? `; ${r.pruned} older plan${r.pruned === 1 ? "" : "s"} pruned to their summary now` : ""}.`,
    };
  },
);
