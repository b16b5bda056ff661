"use client";

import { useActionState } from "react";
import { createFirstAdminAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";

export function FirstAdminForm() {
  const [state, action, pending] = useActionState(createFirstAdminAction, null);
  const e = state?.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage ok={state?.ok} message={state?.message} />
      <Field id="username" label="Admin username" error={e.username}>
        <TextInput
          id="username"
          autoComplete="username"
          defaultValue={state?.values?.username ?? ""}
          error={e.username}
          required
        />
      </Field>
      <Field id="password" label="Password" error={e.password} hint="At least 12 characters.">
        <TextInput id="password" type="password" autoComplete="new-password" error={e.password} required />
      </Field>
      <Field id="confirm" label="Repeat password" error={e.confirm}>
        <TextInput id="confirm" type="password" autoComplete="new-password" error={e.confirm} required />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Creating…" : "Create admin and sign in"}
      </Button>
    </form>
  );
}
