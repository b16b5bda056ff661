"use client";

import { useActionState } from "react";
import { savePushGuardAction } from "@/app/(dashboard)/settings/push-guard-actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import type { PushGuardSettings } from "@/lib/analysis/schemas";

export function PushGuardForm({ current }: { current: PushGuardSettings }) {
  const [state, action, pending] = useActionState(savePushGuardAction, null);
  return (
    <form action={action} className="space-y-3" data-testid="push-guard-form">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="blockOnConflicts" defaultChecked={current.blockOnConflicts} className="mt-0.5" />
        <span>
          <span className="font-medium">Block pushes of rule sets with conflicts</span>
          <span className="block text-xs text-slate-500">
            A conflict is a rule that never matches because earlier rules already decide its packets the other way (it
            would accept what they drop, or the reverse). Redundant rules only warn.
          </span>
        </span>
      </label>
      <Button type="submit" size="sm" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </Button>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
