"use client";

import { useState } from "react";
import { listNameSchema } from "@/lib/rules/schema";

/** The list's name; Rename turns it into a box. Rules that use the list follow the new name. */
export function RenameList({
  name,
  others,
  canEdit,
  onRename,
}: {
  name: string;
  others: string[];
  canEdit: boolean;
  onRename: (to: string) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string>();
  const check = (v: string) => {
    const parsed = listNameSchema.safeParse(v.trim());
    if (!parsed.success) return parsed.error.issues[0].message;
    const clash = others.find((n) => n.toLowerCase() === v.trim().toLowerCase());
    return clash ? `address list '${clash}' already exists` : undefined;
  };
  if (!editing) {
    return (
      <div className="flex items-baseline gap-2">
        <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
        {canEdit ? (
          <button
            type="button"
            className="text-xs text-sky-700 underline"
            onClick={() => {
              setValue(name);
              setEditing(true);
            }}
          >
            Rename
          </button>
        ) : null}
      </div>
    );
  }
  const commit = () => {
    const message = check(value);
    setError(message);
    if (message) return;
    if (value.trim() !== name) onRename(value.trim());
    setEditing(false);
  };
  return (
    <div>
      <div className="flex items-center gap-2">
        <input
          autoFocus
          aria-label={`New name for ${name}`}
          value={value}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            if (error) setError(check(e.target.value));
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              commit();
            }
            if (e.key === "Escape") setEditing(false);
          }}
          className="rounded-md border border-slate-300 px-2 py-0.5 font-mono text-sm aria-invalid:border-red-500"
        />
        <button type="button" className="text-xs text-sky-700 underline" onClick={commit}>
          Rename
        </button>
        <button type="button" className="text-xs text-slate-500 underline" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      {error ? <p className="mt-1 text-xs text-red-600">{error}</p> : null}
    </div>
  );
}
