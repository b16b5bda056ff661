"use client";

import { useActionState } from "react";
import { savePollSettingsAction } from "@/app/(dashboard)/settings/poll-actions";
import { Button } from "@/components/ui/button";
import { FormMessage, NumberField } from "@/components/ui/field";
import type { PollSettings } from "@/lib/health/poll-interval";

const FIELDS: { id: keyof PollSettings; label: string; hint?: string }[] = [
  { id: "intervalSeconds", label: "Poll every (s)" },
  { id: "timeoutSeconds", label: "Timeout per router (s)" },
  { id: "concurrency", label: "Routers at once", hint: "a router silent for 1 s waits out its timeout aside" },
  {
    id: "driftSeconds",
    label: "Compare firewalls every (s)",
    hint: "pushed routers: on the first poll this long after the last read",
  },
];

export function PollSettingsForm({ current }: { current: PollSettings }) {
  const [state, action, pending] = useActionState(savePollSettingsAction, null);
  const e = state?.fieldErrors ?? {};
  const v = state?.values ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_1fr_auto]">
        {FIELDS.map((f) => (
          <NumberField key={f.id} {...f} current={current[f.id]} typed={v[f.id]} error={e[f.id]} />
        ))}
        <div className="lg:pt-5">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
