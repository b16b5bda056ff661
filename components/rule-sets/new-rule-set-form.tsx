"use client";

import { useActionState, useState, useTransition } from "react";
import { createRuleSetAction, managementAddressAction } from "@/app/(dashboard)/rule-sets/actions";
import { Button } from "@/components/ui/button";
import { compactSelect, Field, FormMessage, inputClass, TextArea, TextInput } from "@/components/ui/field";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";
import { describeTemplate, type TemplateInfo } from "@/lib/rules/templates";
import { NamedOptions } from "@/components/ui/named-options";

const BLANK = {
  id: "blank",
  title: "Blank",
  description: "No rules and no address lists: the routers' default policy applies until you add rules.",
  params: [],
} as const;

/** Blank or a template; the chosen template's parameters appear below it, each with its message under the field. */
export function NewRuleSetForm({
  templates,
  routers = [],
}: {
  templates: TemplateInfo[];
  routers?: { id: string; name: string }[];
}) {
  const [state, action, pending] = useActionState(createRuleSetAction, null);
  const v = state?.values ?? {};
  const e = state?.fieldErrors ?? {};
  const [source, setSource] = useState<string>(v.source || "blank");
  const choices = [BLANK, ...templates];
  const chosen = choices.find((c) => c.id === source) ?? BLANK;
  // Controlled so the summary of what the template blocks follows what is typed.
  const [texts, setTexts] = useState<Record<string, string>>({
    management: v.management ?? "",
    trusted: v.trusted ?? "",
  });
  const [lanServices, setLanServices] = useState(v.lanServices ? v.lanServices === "on" : false);
  const [fillRouter, setFillRouter] = useState(routers[0]?.id ?? "");
  const [fill, setFill] = useState<{ ok: boolean; message?: string } | null>(null);
  const [filling, startFill] = useTransition();
  const split = (t: string | undefined) => (t ?? "").split(/[\s,]+/).filter(Boolean);
  const summary = describeTemplate(source, {
    management: split(texts.management),
    trusted: split(texts.trusted),
    lanServices,
  });

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
            p.kind === "switch" ? (
              <label key={p.name} className="flex gap-2 text-sm sm:col-span-2">
                <input
                  type="checkbox"
                  name={p.name}
                  checked={lanServices}
                  onChange={(ev) => setLanServices(ev.target.checked)}
                  className="mt-0.5 accent-sky-700"
                />
                <span>
                  <span className="block text-slate-900">{p.label}</span>
                  <span className="block text-xs text-slate-500">{p.help}</span>
                </span>
              </label>
            ) : p.kind === "addresses" ? (
              <div key={p.name} className="space-y-2 sm:col-span-2">
                <Field id={p.name} label={p.label} error={e[p.name]} hint={p.help}>
                  <TextArea
                    id={p.name}
                    rows={p.fromRouter ? 2 : 3}
                    value={texts[p.name] ?? ""}
                    onChange={(ev) => setTexts({ ...texts, [p.name]: ev.target.value })}
                    error={e[p.name]}
                    placeholder="192.0.2.10, 10.0.0.0/8"
                  />
                </Field>
                {p.fromRouter && routers.length > 0 ? (
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <label htmlFor={`${p.name}-router`} className="text-xs text-slate-600">
                      Fill with the address this router sees Rampart connect from:
                    </label>
                    <select
                      id={`${p.name}-router`}
                      value={fillRouter}
                      onChange={(ev) => setFillRouter(ev.target.value)}
                      className={compactSelect}
                    >
                      <NamedOptions items={routers} />
                    </select>
                    <Button
                      type="button"
                      size="sm"
                      variant="secondary"
                      disabled={filling || !fillRouter}
                      onClick={() =>
                        startFill(async () => {
                          const r = await managementAddressAction(fillRouter);
                          setFill(r);
                          const address = r?.ok ? (r.data?.address as string | undefined) : undefined;
                          if (address) {
                            const now = split(texts[p.name]);
                            if (!now.includes(address)) setTexts({ ...texts, [p.name]: [...now, address].join(", ") });
                          }
                        })
                      }
                    >
                      {filling ? "Asking the router…" : "Fill from router"}
                    </Button>
                    <FormMessage ok={fill?.ok} message={fill?.message} />
                  </div>
                ) : null}
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
      {summary ? (
        <p className="text-sm text-slate-700" data-testid="template-summary">
          {summary}
        </p>
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
