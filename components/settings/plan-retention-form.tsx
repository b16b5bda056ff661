"use client";

import { savePlanRetentionAction } from "@/app/(dashboard)/settings/plan-retention-actions";
import type { PlanRetention } from "@/lib/push/plan-retention";
import { NumberSettingForm } from "./number-setting-form";

export function PlanRetentionForm({ current }: { current: PlanRetention }) {
  return (
    <NumberSettingForm
      save={savePlanRetentionAction}
      testId="plan-retention-form"
      id="days"
      label="Keep plan detail (days)"
      current={current.days}
    >
      Every operation of a push plan is kept this long after the plan was last previewed or pushed; then only its
      summary (counts and the first items) stays with the deployment. Plans of queued, running or unknown deployments,
      and each router&apos;s latest, are always kept whole.
    </NumberSettingForm>
  );
}
