"use client";

import { Field, inputClass } from "@/components/ui/field";
import { NAMED_PROTOCOLS } from "@/lib/rules/schema";
import type { ErrorOf } from "./field-errors";
import type { ProtocolChoice, RuleDraft } from "./rule-draft";

type Props = {
  draft: RuleDraft;
  onChange: (patch: Partial<RuleDraft>) => void;
  errorOf: ErrorOf;
  onBlur: () => void;
  disabled?: boolean;
};

/** A named protocol, or "number…" with a box for any IP protocol number 0-255 (e.g. 47 for GRE). */
export function ProtocolField({ draft, onChange, errorOf, onBlur, disabled }: Props) {
  const error = errorOf("protocol");
  return (
    <Field id="rule-protocol" label="Protocol" error={error}>
      <div className="flex gap-2">
        <select
          id="rule-protocol"
          className={inputClass}
          value={draft.protocol}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange({ protocol: e.target.value as ProtocolChoice })}
        >
          {NAMED_PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
          <option value="number">number…</option>
        </select>
        {draft.protocol === "number" ? (
          <input
            aria-label="Protocol number"
            inputMode="numeric"
            className={`${inputClass} w-24`}
            placeholder="0-255"
            value={draft.protocolNumber}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            onChange={(e) => onChange({ protocolNumber: e.target.value })}
            onBlur={onBlur}
          />
        ) : null}
      </div>
    </Field>
  );
}
