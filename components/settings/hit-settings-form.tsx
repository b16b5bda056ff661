"use client";

import { useActionState } from "react";
import { saveHitSettingsAction } from "@/app/(dashboard)/settings/hit-settings-actions";
import { Button } from "@/components/ui/button";
import { FormMessage, NumberField } from "@/components/ui/field";
import type { HitSettings } from "@/lib/hits/schemas";

export function HitSettingsForm({ current }: { current: HitSettings }) {
  const [state, action, pending] = useActionState(saveHitSettingsAction, null);
  const e = state?.fieldErrors ?? {};
  const v = state?.values ?? {};
  return (
    <form action={action} className="space-y-2" noValidate data-testid="hit-settings-form">
      <div className="grid grid-cols-[12rem_auto] items-start gap-3">
        <NumberField
          id="unusedDays"
          label="Unused after (days)"
          current={current.unusedDays}
          typed={v.unusedDays}
          error={e.unusedDays}
        />
        <div className="pt-5">
          <Button type="submit" size="sm" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>
      <p className="text-xs text-slate-500">
        The editor flags a rule unused when every router of its rule set was read and none saw the rule&apos;s counter
        rise for this many days. Counters are read by the health poll each time it checks a pushed router for drift, and
        at once by a router&apos;s live firewall view and by Refresh hits.
      </p>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
