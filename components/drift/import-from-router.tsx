"use client";

import Link from "next/link";
import { useActionState } from "react";
import { pushHref } from "@/components/push/push-href";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";
import type { FormState } from "@/lib/auth/action";
import { SkippedList, type SkippedEntry } from "./skipped-list";

/** "Import from router": a new rule set from the router's firewall, with what could not be imported listed. */
export function ImportFromRouter({
  routerId,
  routerName,
  action,
}: {
  routerId: string;
  routerName: string;
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
}) {
  const [state, run, pending] = useActionState(action, null);
  const data = state?.ok ? (state.data as { ruleSetId: string; assigned: boolean; skipped: SkippedEntry[] }) : null;
  return (
    <div className="space-y-3">
      <form action={run} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="id" value={routerId} />
        <Field id="import-name" label="New rule set name" error={state?.fieldErrors?.name}>
          <TextInput
            id="import-name"
            name="name"
            defaultValue={state?.values?.name ?? `${routerName} (imported)`}
            error={state?.fieldErrors?.name}
          />
        </Field>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" name="takeOwnership" defaultChecked={state?.values?.takeOwnership === "on"} />
          Take ownership: assign it to {routerName}; the previewed push tags these rules on the router in place
        </label>
        <Button type="submit" disabled={pending} className="mb-1">
          {pending ? "Reading the router…" : "Import from router"}
        </Button>
      </form>
      <FormMessage ok={state?.ok} message={state?.message} />
      {data ? (
        <div className="space-y-2 text-sm" data-testid="import-result">
          <div className="flex flex-wrap gap-2">
            <Link href={`/rule-sets/${data.ruleSetId}`} className={buttonClass("secondary", "sm")}>
              Open the rule set
            </Link>
            {data.assigned ? (
              <Link href={pushHref(data.ruleSetId, routerId)} className={buttonClass("primary", "sm")}>
                Preview the push to {routerName}
              </Link>
            ) : null}
          </div>
          {data.skipped.length ? (
            <div>
              <div className="font-medium text-amber-800">
                Not imported ({data.skipped.length}): Rampart cannot represent these, so they stay on the router as they
                are
              </div>
              <SkippedList items={data.skipped} testId="import-skipped" />
            </div>
          ) : (
            <p className="text-slate-600">Every rule and list entry was imported.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
