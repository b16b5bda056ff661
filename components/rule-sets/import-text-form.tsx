"use client";

import { useActionState, useState } from "react";
import { importTextAction } from "@/app/(dashboard)/rule-sets/actions";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextArea, TextInput } from "@/components/ui/field";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";
import { TEXT_FORMATS } from "@/lib/drift/text-formats";
import { VENDORS, type Vendor } from "@/lib/routers/profiles";

const MAX_BYTES = 4_000_000;
const FORMATS = Object.entries(TEXT_FORMATS) as [Vendor, (typeof TEXT_FORMATS)[Vendor]][];

/**
 * Paste a RouterOS script or a uci export (or pick the file, which fills the text box) and name the new rule set.
 * What was typed stays put after a refusal; each message appears under its own field.
 */
export function ImportTextForm() {
  const [state, action, pending] = useActionState(importTextAction, null);
  const e = state?.fieldErrors ?? {};
  const [vendor, setVendor] = useState<Vendor>(VENDORS[0]);
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);

  async function pickFile(file: File | undefined) {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setFileError("the file is larger than 4 MB");
      return;
    }
    setText(await file.text());
    const lower = file.name.toLowerCase();
    const match = FORMATS.find(([, f]) => f.extensions.some((x) => lower.endsWith(x)));
    if (match) setVendor(match[0]);
    if (name.trim() === "") setName(file.name.replace(/\.[^.]*$/, "").slice(0, 80));
  }

  const textError = e.text ?? fileError ?? undefined;
  return (
    <form action={action} onSubmit={submitKeepingInput(action)} className="space-y-4" noValidate>
      <fieldset>
        <legend className="mb-2 text-xs font-medium text-slate-700">Format</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {FORMATS.map(([id, f]) => (
            <label
              key={id}
              className={`flex cursor-pointer gap-2.5 rounded-md border px-3 py-2 text-sm ${vendor === id ? "border-sky-600 bg-sky-50/60 ring-1 ring-sky-600" : "border-slate-200 hover:border-slate-300"}`}
            >
              <input
                type="radio"
                name="vendor"
                value={id}
                checked={vendor === id}
                onChange={() => setVendor(id)}
                className="mt-0.5 accent-sky-700"
              />
              <span>
                <span className="block font-medium text-slate-900">{f.label}</span>
                <span className="block text-xs text-slate-500">{f.hint}</span>
              </span>
            </label>
          ))}
        </div>
        {e.vendor ? (
          <p className="mt-1 text-xs text-red-600" data-field-error="vendor">
            {e.vendor}
          </p>
        ) : null}
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="name" label="Name of the new rule set" error={e.name}>
          <TextInput
            id="name"
            name="name"
            autoComplete="off"
            value={name}
            onChange={(ev) => setName(ev.target.value)}
            error={e.name}
            placeholder="e.g. branch-office"
          />
        </Field>
        <Field id="text-file" label="Or read a file into the text box">
          <input
            id="text-file"
            type="file"
            accept={TEXT_FORMATS[vendor].accept}
            onChange={(ev) => void pickFile(ev.target.files?.[0])}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-2.5 file:py-1 file:text-sm file:font-medium hover:file:bg-slate-100"
          />
        </Field>
      </div>

      <Field
        id="text"
        label={`${TEXT_FORMATS[vendor].label} text`}
        error={textError}
        hint="Lines or sections a rule set cannot hold are listed on the new rule set's page, each with the reason."
      >
        <TextArea
          id="text"
          rows={14}
          spellCheck={false}
          value={text}
          onChange={(ev) => setText(ev.target.value)}
          error={textError}
          className="text-xs"
          placeholder={TEXT_FORMATS[vendor].example}
        />
      </Field>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Importing…" : "Create rule set"}
        </Button>
        <FormMessage ok={state?.ok} message={state?.message} />
      </div>
    </form>
  );
}
