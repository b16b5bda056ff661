"use client";

import { useActionState } from "react";
import { changeOwnPasswordAction } from "@/app/(dashboard)/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";
import { NewPasswordFields } from "./new-password-fields";

/** The signed-in user's own password: current one, then the new one twice. */
export function PasswordChangeForm({ username }: { username: string }) {
  const [state, action, pending] = useActionState(changeOwnPasswordAction, null);
  const e = state?.fieldErrors ?? {};
  return (
    <form action={action} aria-label="Change my password" className="space-y-3" noValidate>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <div className="grid items-start gap-3 sm:grid-cols-3">
        <Field id="current-password" label="Current password" error={e.currentPassword}>
          <TextInput
            id="current-password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            error={e.currentPassword}
          />
        </Field>
        <NewPasswordFields idPrefix="my" label="New password" errors={e} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
        <p className="text-xs text-slate-500">Your other sessions are signed out; your API tokens keep working.</p>
      </div>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
