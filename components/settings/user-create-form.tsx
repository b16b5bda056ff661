"use client";

import { useActionState } from "react";
import { createUserAction } from "@/app/(dashboard)/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Select, TextInput } from "@/components/ui/field";
import { RoleOptions } from "./role-options";

export function UserCreateForm() {
  const [state, action, pending] = useActionState(createUserAction, null);
  const e = state?.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[1fr_1fr_1fr_auto]">
        <Field id="new-username" label="Username" error={e.username}>
          <TextInput
            id="new-username"
            name="username"
            autoComplete="off"
            defaultValue={state?.values?.username ?? ""}
            error={e.username}
          />
        </Field>
        <Field id="new-password" label="Initial password" error={e.password}>
          <TextInput id="new-password" name="password" type="password" autoComplete="new-password" error={e.password} />
        </Field>
        <Field id="new-role" label="Role" error={e.role}>
          <Select id="new-role" name="role" defaultValue={state?.values?.role ?? "viewer"} error={e.role}>
            <RoleOptions />
          </Select>
        </Field>
        <div className="sm:pt-5">
          <Button type="submit" disabled={pending}>
            {pending ? "Adding…" : "Add user"}
          </Button>
        </div>
      </div>
      <FormMessage ok={state?.ok} message={state?.message} />
    </form>
  );
}
