"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

type Props = { count: number; total: number; onMove: (position: number) => void };

/** "Move selected to position N": for a rule that must travel far, where dragging or Alt+↑/↓ would take long. */
export function MoveSelected({ count, total, onMove }: Props) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (count === 0) return null;
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      data-testid="move-selected"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(text);
        if (!/^\d+$/.test(text.trim()) || n < 1 || n > total) {
          setError(`position must be a whole number from 1 to ${total}`);
          return;
        }
        setError(null);
        onMove(n);
        setText("");
      }}
    >
      <label className="flex items-center gap-1.5 text-slate-700">
        Move {count === 1 ? "the selected rule" : `the ${count} selected rules`} to position
        <input
          inputMode="numeric"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "move-selected-error" : undefined}
          className="w-20 rounded-md border border-slate-300 px-2 py-0.5 text-sm"
          placeholder={`1–${total}`}
        />
      </label>
      <Button size="sm" variant="secondary" type="submit">
        Move
      </Button>
      {error ? (
        <span id="move-selected-error" className="text-xs text-red-600" data-field-error="position">
          {error}
        </span>
      ) : null}
    </form>
  );
}
