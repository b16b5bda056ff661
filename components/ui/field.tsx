import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-xs placeholder:text-slate-400 focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600 aria-invalid:border-red-500 aria-invalid:ring-red-500";

/** Label, control and the message for this field, linked for screen readers. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-600" aria-live="polite" data-field-error={id}>
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

/** Ties a control to its Field: named as its id unless told, and when in error marked so and pointed at the message. */
function controlProps(id: string, error: string | undefined, name: string | undefined) {
  return {
    id,
    name: name ?? id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
    className: inputClass,
  };
}

export function TextInput({
  id,
  error,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { id: string; error?: string }) {
  return <input {...controlProps(id, error, props.name)} {...props} />;
}

/** A multi-line text control, tied to its Field like TextInput (monospace: it holds addresses, keys, router text). */
export function TextArea({
  id,
  error,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; error?: string }) {
  return (
    <textarea
      {...controlProps(id, error, props.name)}
      {...props}
      className={`${inputClass} font-mono ${props.className ?? ""}`.trim()}
    />
  );
}

/** A whole-number setting: the label, the text as typed back after an error (else the current value), its message. */
export function NumberField({
  id,
  label,
  hint,
  current,
  typed,
  error,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  current: number;
  typed?: string;
  error?: string;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <TextInput id={id} inputMode="numeric" defaultValue={typed ?? String(current)} error={error} />
    </Field>
  );
}

export function Select({
  id,
  error,
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { id: string; error?: string }) {
  return (
    <select {...controlProps(id, error, props.name)} {...props}>
      {children}
    </select>
  );
}

export function FormMessage({ ok, message }: { ok?: boolean; message?: string }) {
  if (!message) return null;
  return (
    <div
      role={ok ? "status" : "alert"}
      data-testid="form-message"
      className={`rounded-md px-3 py-2 text-sm ${ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700"}`}
    >
      {message}
    </div>
  );
}

/** A select that sizes to its content, for filter bars. */
export const compactSelect =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600";
