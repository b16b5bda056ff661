"use client";

import { useActionState } from "react";
import { savePlanRetentionAction } from "@/app/(dashboard)/settings/plan-retention-actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";
import type { PlanRetention } from "@/lib/push/plan-retention";

export function PlanRetentionForm({ current }: { current: PlanRetention }) {
  const [state, action, pending] = useActionState(savePlanRetentionAction, null);
  const e = state?.fieldErrors ?? {};
  const v = state?.values ?? {};
  return (
    <form action={action} className="space-y-2" noValidate data-testid="plan-retention-form">
      <div className="grid grid-cols-[12rem_auto] items-start gap-3">
        <Field id="days" label="Keep plan detail (days)" error={e.days}>
          <TextInput id="days" inputMode="numeric" defaultValue={v.days ?? String(current.days)} error={e.days} />
        </Field>
        <div className="pt-5">
          <Button type="submit" size="sm" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>
      <p className="text-xs text-slate-500">
        Every operation of a push plan is kept this long after the plan was last previewed or pushed; then only its
        summary (counts and the first items) stays with the deployment. Plans of queued, running or unknown deployments,
        and each router&apos;s latest, are always kept whole.
      </p>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
