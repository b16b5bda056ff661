"use client";

import { Field } from "@/components/ui/field";
import { ChipInput } from "./chip-input";
import type { ErrorOf } from "./field-errors";

const PRESETS = [
  ["SSH", "22"],
  ["DNS", "53"],
  ["HTTP", "80"],
  ["HTTPS", "443"],
  ["Winbox", "8291"],
] as const;

type Props = {
  field: "srcPorts" | "dstPorts";
  label: string;
  chips: string[];
  onChange: (chips: string[]) => void;
  errorOf: ErrorOf;
  applies: boolean;
  disabled?: boolean;
  presets?: boolean;
};

/** Ports as chips ("22", "8000-8100"); only tcp and udp have ports, so otherwise the field is off and ignored. */
export function PortsField({ field, label, chips, onChange, errorOf, applies, disabled, presets }: Props) {
  const id = `rule-${field}`;
  const off = disabled || !applies;
  return (
    <Field
      id={id}
      label={label}
      error={applies ? errorOf(field) : undefined}
      hint={
        applies
          ? "Empty means any port. Single ports or ranges: 22, 8000-8100."
          : "Ports apply to tcp and udp only; ignored for this protocol."
      }
    >
      <ChipInput
        id={id}
        chips={applies ? chips : []}
        onChange={onChange}
        chipError={(i) => errorOf(`${field}.chip.${i}`)}
        placeholder={applies ? "any" : "—"}
        disabled={off}
        invalid={applies && !!errorOf(field)}
      />
      {presets && !off ? (
        <div className="flex flex-wrap gap-1 pt-0.5">
          {PRESETS.filter(([, port]) => !chips.includes(port)).map(([name, port]) => (
            <button
              key={port}
              type="button"
              onClick={() => onChange([...chips, port])}
              className="rounded border border-slate-200 px-1.5 py-0.5 text-[11px] text-slate-600 hover:bg-slate-50"
            >
              + {name} {port}
            </button>
          ))}
        </div>
      ) : null}
    </Field>
  );
}
