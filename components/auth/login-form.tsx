"use client";

import { useActionState } from "react";
import { loginAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(loginAction, null);
  const e = state?.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormMessage ok={state?.ok} message={state?.message} />
      <input type="hidden" name="next" value={next} />
      <Field id="username" label="Username" error={e.username}>
        <TextInput
          id="username"
          autoComplete="username"
          defaultValue={state?.values?.username ?? ""}
          error={e.username}
          required
          autoFocus
        />
      </Field>
      <Field id="password" label="Password" error={e.password}>
        <TextInput id="password" type="password" autoComplete="current-password" error={e.password} required />
      </Field>
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
