"use client";

import { useActionState, useState } from "react";
import { createRuleSetAction } from "@/app/(dashboard)/rule-sets/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, inputClass, TextInput } from "@/components/ui/field";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";
import type { TemplateInfo } from "@/lib/rules/templates";

const BLANK = {
  id: "blank",
  title: "Blank",
  description: "No rules and no address lists: the routers' default policy applies until you add rules.",
  params: [],
} as const;

/** Blank or a template; the chosen template's parameters appear below it, each with its message under the field. */
export function NewRuleSetForm({ templates }: { templates: TemplateInfo[] }) {
  const [state, action, pending] = useActionState(createRuleSetAction, null);
  const v = state?.values ?? {};
  const e = state?.fieldErrors ?? {};
  const [source, setSource] = useState<string>(v.source || "blank");
  const choices = [BLANK, ...templates];
  const chosen = choices.find((c) => c.id === source) ?? BLANK;

  return (
    <form action={action} onSubmit={submitKeepingInput(action)} className="space-y-4" noValidate>
      <fieldset>
        <legend className="mb-2 text-xs font-medium text-slate-700">Start from</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {choices.map((c) => (
            <label
              key={c.id}
              className={`flex cursor-pointer gap-2.5 rounded-md border px-3 py-2 text-sm ${source === c.id ? "border-sky-600 bg-sky-50/60 ring-1 ring-sky-600" : "border-slate-200 hover:border-slate-300"}`}
            >
              <input
                type="radio"
                name="source"
                value={c.id}
                checked={source === c.id}
                onChange={() => setSource(c.id)}
                className="mt-0.5 accent-sky-700"
              />
              <span>
                <span className="block font-medium text-slate-900">{c.title}</span>
                <span className="block text-xs text-slate-500">{c.description}</span>
              </span>
            </label>
          ))}
        </div>
        {e.source ? <p className="mt-1 text-xs text-red-600">{e.source}</p> : null}
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="name" label="Name" error={e.name}>
          <TextInput
            id="name"
            name="name"
            autoComplete="off"
            defaultValue={v.name ?? ""}
            error={e.name}
            placeholder="e.g. branch-office"
          />
        </Field>
        <Field id="description" label="Description (optional)" error={e.description}>
          <TextInput
            id="description"
            name="description"
            autoComplete="off"
            defaultValue={v.description ?? ""}
            error={e.description}
          />
        </Field>
      </div>

      {chosen.params.length > 0 ? (
        <div className="grid gap-3 rounded-md border border-slate-200 bg-slate-50 p-3 sm:grid-cols-2">
          {chosen.params.map((p) =>
            p.kind === "addresses" ? (
              <div key={p.name} className="sm:col-span-2">
                <Field id={p.name} label={p.label} error={e[p.name]} hint={p.help}>
                  <textarea
                    id={p.name}
                    name={p.name}
                    rows={3}
                    defaultValue={v[p.name] ?? ""}
                    aria-invalid={e[p.name] ? true : undefined}
                    aria-describedby={e[p.name] ? `${p.name}-error` : undefined}
                    className={`${inputClass} font-mono`}
                    placeholder="192.0.2.10, 10.0.0.0/8"
                  />
                </Field>
              </div>
            ) : (
              <Field key={p.name} id={p.name} label={p.label} error={e[p.name]} hint={p.help}>
                <TextInput
                  id={p.name}
                  name={p.name}
                  autoComplete="off"
                  defaultValue={v[p.name] ?? ""}
                  error={e[p.name]}
                  className={`${inputClass} font-mono`}
                />
              </Field>
            ),
          )}
        </div>
      ) : null}

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create rule set"}
        </Button>
        <FormMessage ok={state?.ok} message={state?.message} />
      </div>
    </form>
  );
}
