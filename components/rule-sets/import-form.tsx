"use client";

import { useActionState } from "react";
import { importRuleSetAction } from "@/app/(dashboard)/rule-sets/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";

/** Upload an export file; problems inside the file are listed with their paths. */
export function ImportRuleSetForm() {
  const [state, action, pending] = useActionState(importRuleSetAction, null);
  const e = state?.fieldErrors ?? {};
  const issues = Array.isArray(state?.data?.issues) ? (state.data.issues as { path: string; message: string }[]) : [];
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="file"
          label="Export file (.json)"
          error={e.file}
          hint="A file downloaded with Export JSON, from this or another Rampart."
        >
          <input
            id="file"
            name="file"
            type="file"
            accept="application/json,.json"
            aria-invalid={e.file ? true : undefined}
            aria-describedby={e.file ? "file-error" : undefined}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2.5 file:py-1 file:text-sm file:font-medium hover:file:bg-slate-100"
          />
        </Field>
        <Field
          id="importName"
          label="Name (optional)"
          error={e.importName}
          hint="Leave empty to keep the name in the file."
        >
          <TextInput
            id="importName"
            name="importName"
            autoComplete="off"
            defaultValue={state?.values?.importName ?? ""}
            error={e.importName}
          />
        </Field>
      </div>
      {issues.length > 0 ? (
        <ul
          className="max-h-48 overflow-auto rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800"
          data-testid="import-issues"
        >
          {issues.map((i, n) => (
            <li key={n}>
              <code className="text-red-900">{i.path || "(file)"}</code>: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Importing…" : "Import"}
        </Button>
        <FormMessage ok={state?.ok} message={state?.message} />
      </div>
    </form>
  );
}
