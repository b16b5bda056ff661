"use client";

import { useState, type ClipboardEvent, type KeyboardEvent } from "react";

type Props = {
  id: string;
  chips: string[];
  onChange: (chips: string[]) => void;
  /** The message for chip i, if it is wrong; shown on the chip and listed under the field. */
  chipError: (index: number) => string | undefined;
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
};

const SEPARATORS = /[\s,]+/;

/**
 * Values as chips: Enter, comma, space or leaving the field turns the typed text into a chip, pasting a list
 * makes one chip each, Backspace in the empty box takes the last chip back for editing. A wrong chip stays
 * (red, with its message) so the admin sees what they typed and why it is refused.
 */
export function ChipInput({ id, chips, onChange, chipError, placeholder, disabled, invalid }: Props) {
  const [text, setText] = useState("");

  const commit = (raw: string) => {
    const added = raw
      .split(SEPARATORS)
      .map((t) => t.trim())
      .filter(Boolean);
    if (added.length > 0) onChange([...chips, ...added]);
    setText("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter" || e.key === "," || (e.key === " " && text.trim() !== "")) {
      e.preventDefault();
      commit(text);
    } else if (e.key === "Backspace" && text === "" && chips.length > 0) {
      e.preventDefault();
      setText(chips[chips.length - 1]);
      onChange(chips.slice(0, -1));
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData("text");
    if (!SEPARATORS.test(pasted.trim())) return;
    e.preventDefault();
    commit(text + pasted);
  };

  const errors = chips.flatMap((chip, i) => {
    const message = chipError(i);
    // Messages such as "an IPv6 address in an ipv4 rule" do not say which chip; the list below needs it.
    return message ? [{ i, chip, message: message.includes(chip) ? message : `${chip}: ${message}` }] : [];
  });
  const hasErrors = invalid || errors.length > 0;

  return (
    <div>
      <div
        className={`flex min-h-[34px] flex-wrap items-center gap-1 rounded-md border bg-white px-1.5 py-1 text-sm shadow-xs focus-within:ring-1 ${hasErrors ? "border-red-500 focus-within:ring-red-500" : "border-slate-300 focus-within:border-sky-600 focus-within:ring-sky-600"} ${disabled ? "bg-slate-50 opacity-60" : ""}`}
        data-testid={`${id}-chips`}
      >
        {chips.map((chip, i) => {
          const bad = chipError(i) !== undefined;
          return (
            <span
              key={`${i}-${chip}`}
              data-testid="chip"
              data-invalid={bad || undefined}
              className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-mono text-xs ${bad ? "bg-red-50 text-red-700 ring-1 ring-red-300" : "bg-slate-100 text-slate-800"}`}
            >
              {chip}
              {disabled ? null : (
                <button
                  type="button"
                  className="text-slate-400 hover:text-slate-700"
                  aria-label={`Remove ${chip}`}
                  onClick={() => onChange(chips.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              )}
            </span>
          );
        })}
        <input
          id={id}
          value={text}
          disabled={disabled}
          placeholder={chips.length === 0 ? placeholder : undefined}
          aria-invalid={hasErrors || undefined}
          aria-describedby={errors.length > 0 ? `${id}-chip-errors` : undefined}
          onChange={(e) =>
            SEPARATORS.test(e.target.value) && e.target.value.trim() !== "" && /[\s,]$/.test(e.target.value)
              ? commit(e.target.value)
              : setText(e.target.value)
          }
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => commit(text)}
          className="min-w-[8rem] flex-1 border-0 bg-transparent px-1 py-0.5 font-mono text-xs outline-none placeholder:font-sans placeholder:text-slate-400"
        />
      </div>
      {errors.length > 0 ? (
        <ul id={`${id}-chip-errors`} className="mt-1 space-y-0.5" aria-live="polite">
          {errors.map((e) => (
            <li key={e.i} className="text-xs text-red-600" data-field-error={`${id}-chip-${e.i}`}>
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
