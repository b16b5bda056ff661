"use client";

import { useActionState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage, NumberField } from "@/components/ui/field";
import type { FormState } from "@/lib/auth/action";

/** A settings form for one whole number: the field (named `id`), Save, what the number does, and the outcome. */
export function NumberSettingForm({
  save,
  testId,
  id,
  label,
  current,
  children,
}: {
  save: (prev: FormState, fd: FormData) => Promise<FormState>;
  testId: string;
  id: string;
  label: string;
  current: number;
  children: ReactNode;
}) {
  const [state, action, pending] = useActionState(save, null);
  return (
    <form action={action} className="space-y-2" noValidate data-testid={testId}>
      <div className="grid grid-cols-[12rem_auto] items-start gap-3">
        <NumberField
          id={id}
          label={label}
          current={current}
          typed={state?.values?.[id]}
          error={state?.fieldErrors?.[id]}
        />
        <div className="pt-5">
          <Button type="submit" size="sm" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>
      <p className="text-xs text-slate-500">{children}</p>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
