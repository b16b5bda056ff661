"use client";

import { useActionState } from "react";
import { savePollSettingsAction } from "@/app/(dashboard)/settings/poll-actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";
import type { PollSettings } from "@/lib/health/poll-interval";

export function PollSettingsForm({ current }: { current: PollSettings }) {
  const [state, action, pending] = useActionState(savePollSettingsAction, null);
  const e = state?.fieldErrors ?? {};
  const v = state?.values ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_1fr_auto]">
        <Field id="intervalSeconds" label="Poll every (s)" error={e.intervalSeconds}>
          <TextInput
            id="intervalSeconds"
            inputMode="numeric"
            defaultValue={v.intervalSeconds ?? String(current.intervalSeconds)}
            error={e.intervalSeconds}
          />
        </Field>
        <Field id="timeoutSeconds" label="Timeout per router (s)" error={e.timeoutSeconds}>
          <TextInput
            id="timeoutSeconds"
            inputMode="numeric"
            defaultValue={v.timeoutSeconds ?? String(current.timeoutSeconds)}
            error={e.timeoutSeconds}
          />
        </Field>
        <Field
          id="concurrency"
          label="Routers at once"
          error={e.concurrency}
          hint="a router silent for 1 s waits out its timeout aside"
        >
          <TextInput
            id="concurrency"
            inputMode="numeric"
            defaultValue={v.concurrency ?? String(current.concurrency)}
            error={e.concurrency}
          />
        </Field>
        <Field
          id="driftSeconds"
          label="Compare firewalls every (s)"
          error={e.driftSeconds}
          hint="pushed routers: on the first poll this long after the last read"
        >
          <TextInput
            id="driftSeconds"
            inputMode="numeric"
            defaultValue={v.driftSeconds ?? String(current.driftSeconds)}
            error={e.driftSeconds}
          />
        </Field>
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
