"use client";

import { Field, inputClass } from "@/components/ui/field";
import { ChipInput } from "./chip-input";
import type { ErrorOf } from "./field-errors";
import type { MatchDraft } from "./rule-draft";

type Props = {
  side: "src" | "dst";
  label: string;
  value: MatchDraft;
  onChange: (next: MatchDraft) => void;
  errorOf: ErrorOf;
  listNames: string[];
  disabled?: boolean;
};

const KINDS: { kind: MatchDraft["kind"]; label: string }[] = [
  { kind: "any", label: "Any" },
  { kind: "addresses", label: "Addresses" },
  { kind: "list", label: "Address list" },
];

/** Source or destination: any, typed addresses as chips, or one of this rule set's address lists; each can be negated. */
export function AddressMatchField({ side, label, value, onChange, errorOf, listNames, disabled }: Props) {
  const id = `rule-${side}`;
  const set = (patch: Partial<MatchDraft>) => onChange({ ...value, ...patch });
  const fieldError = errorOf(side) ?? (value.kind === "list" ? errorOf(`${side}.list`) : undefined);
  return (
    <fieldset className="space-y-1.5" data-testid={`${side}-field`}>
      <legend className="mb-1 text-xs font-medium text-slate-700">{label}</legend>
      <div className="flex items-center gap-3">
        <div
          role="radiogroup"
          aria-label={`${label} kind`}
          className="inline-flex overflow-hidden rounded-md border border-slate-300 text-xs"
        >
          {KINDS.map((k) => (
            <button
              key={k.kind}
              type="button"
              role="radio"
              aria-checked={value.kind === k.kind}
              disabled={disabled}
              onClick={() =>
                set({
                  kind: k.kind,
                  negate: k.kind === "any" ? false : value.negate,
                  list: k.kind === "list" && value.list === "" ? (listNames[0] ?? "") : value.list,
                })
              }
              className={`border-l border-slate-300 px-2.5 py-1 first:border-l-0 ${value.kind === k.kind ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-50"}`}
            >
              {k.label}
            </button>
          ))}
        </div>
        <label
          className={`inline-flex items-center gap-1.5 text-xs ${value.kind === "any" ? "text-slate-400" : "text-slate-700"}`}
        >
          <input
            type="checkbox"
            checked={value.negate}
            disabled={disabled || value.kind === "any"}
            onChange={(e) => set({ negate: e.target.checked })}
          />
          not (everything except)
        </label>
      </div>
      {value.kind === "addresses" ? (
        <Field
          id={`${id}-values`}
          label={`${label} addresses`}
          error={fieldError}
          hint="Address, prefix or range (10.0.0.1, 10.0.0.0/8, 10.0.0.1-10.0.0.9). Enter or comma adds it."
        >
          <ChipInput
            id={`${id}-values`}
            chips={value.values}
            onChange={(values) => set({ values })}
            chipError={(i) => errorOf(`${side}.values.${i}`)}
            placeholder="e.g. 192.0.2.0/24"
            disabled={disabled}
            invalid={!!fieldError}
          />
        </Field>
      ) : value.kind === "list" ? (
        <Field
          id={`${id}-list`}
          label={`${label} address list`}
          error={fieldError}
          hint={
            listNames.length === 0
              ? "This rule set has no address lists yet; add one on the Address lists tab."
              : undefined
          }
        >
          <select
            id={`${id}-list`}
            className={inputClass}
            value={value.list}
            disabled={disabled}
            aria-invalid={fieldError ? true : undefined}
            onChange={(e) => set({ list: e.target.value })}
          >
            {value.list !== "" && !listNames.includes(value.list) ? (
              <option value={value.list}>{value.list} (missing)</option>
            ) : null}
            {listNames.length === 0 ? <option value="">— no lists —</option> : null}
            {listNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </Field>
      ) : null}
    </fieldset>
  );
}
