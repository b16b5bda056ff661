"use client";

import { useActionState } from "react";
import { createTokenAction } from "@/app/(dashboard)/settings/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Select, TextInput } from "@/components/ui/field";
import { RoleOptions } from "./role-options";

export function TokenCreateForm() {
  const [state, action, pending] = useActionState(createTokenAction, null);
  const e = state?.fieldErrors ?? {};
  const token = typeof state?.data?.token === "string" ? state.data.token : null;
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[2fr_1fr_1fr_auto]">
        <Field id="token-name" label="Token name" error={e.name}>
          <TextInput
            id="token-name"
            name="name"
            placeholder="ci-deploy"
            defaultValue={state?.values?.name ?? ""}
            error={e.name}
          />
        </Field>
        <Field id="token-role" label="Token role" error={e.role}>
          <Select id="token-role" name="role" defaultValue={state?.values?.role ?? "operator"} error={e.role}>
            <RoleOptions />
          </Select>
        </Field>
        <Field id="token-expiry" label="Expires in (days)" error={e.expiresInDays}>
          <TextInput
            id="token-expiry"
            name="expiresInDays"
            inputMode="numeric"
            placeholder="never"
            defaultValue={state?.values?.expiresInDays ?? ""}
            error={e.expiresInDays}
          />
        </Field>
        <div className="sm:pt-5">
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </div>
      <FormMessage ok={state?.ok} message={state?.message} />
      {token ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
          <div className="mb-1 text-xs font-medium text-amber-900">New token (shown once)</div>
          <code data-testid="new-token" className="block select-all break-all font-mono text-xs text-slate-900">
            {token}
          </code>
        </div>
      ) : null}
    </form>
  );
}
