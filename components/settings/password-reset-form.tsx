"use client";

import { useActionState } from "react";
import { resetUserPasswordAction } from "@/app/(dashboard)/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Select } from "@/components/ui/field";
import { NewPasswordFields } from "./new-password-fields";

/** An admin sets another user's password; that user's sessions end and their API tokens are revoked. */
export function PasswordResetForm({
  users,
  selected,
}: {
  users: { id: string; username: string }[];
  selected: string;
}) {
  const [state, action, pending] = useActionState(resetUserPasswordAction, null);
  const e = state?.fieldErrors ?? {};
  return (
    <form
      action={action}
      aria-label="Reset a user's password"
      className="space-y-3"
      noValidate
      onSubmit={(ev) => {
        const select = ev.currentTarget.elements.namedItem("id") as HTMLSelectElement | null;
        const name = select?.selectedOptions[0]?.text ?? "this user";
        if (!window.confirm(`Reset the password of ${name}? Their sessions end and their API tokens are revoked.`))
          ev.preventDefault();
      }}
    >
      <div className="grid items-start gap-3 sm:grid-cols-3">
        <Field id="reset-user" label="User" error={e.id}>
          <Select id="reset-user" name="id" defaultValue={state?.values?.id ?? selected} error={e.id}>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
          </Select>
        </Field>
        <NewPasswordFields idPrefix="reset" label="New password for this user" errors={e} />
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Resetting…" : "Reset password"}
      </Button>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
