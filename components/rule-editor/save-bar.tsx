"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { describeUnsaved, type UnsavedChanges } from "./unsaved-changes";
import { SAVE_FORM_ID } from "./use-editor-keys";

type Props = {
  unsaved: UnsavedChanges;
  baseRevision: number;
  saving: boolean;
  onSave: (message: string) => void;
  onDiscard: () => void;
};

/** The pending-changes bar: how many changes, what kind, an optional revision message, Save and Discard. */
export function SaveBar({ unsaved, baseRevision, saving, onSave, onDiscard }: Props) {
  const [message, setMessage] = useState("");
  const n = unsaved.total;
  if (n === 0) {
    return (
      <div
        className="flex h-11 items-center rounded-lg border border-slate-200 bg-white px-4 text-xs text-slate-500"
        data-testid="saved-state"
      >
        No unsaved changes · revision {baseRevision}
      </div>
    );
  }
  return (
    <form
      id={SAVE_FORM_ID}
      className="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 md:h-11 md:flex-nowrap md:py-0"
      data-testid="unsaved-bar"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(message);
        setMessage("");
      }}
    >
      <span className="whitespace-nowrap text-sm font-medium text-amber-900" data-testid="unsaved-count">
        {n === 1 ? "1 unsaved change" : `${n} unsaved changes`}
      </span>
      <span className="min-w-0 truncate text-xs text-amber-800">
        {describeUnsaved(unsaved)} · on top of revision {baseRevision}
      </span>
      <input
        aria-label="Save message"
        placeholder="What changed and why (optional)"
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        maxLength={500}
        className="w-full rounded-md md:ml-auto md:w-72 border border-amber-300 bg-white px-2 py-1 text-sm placeholder:text-slate-400 focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600"
      />
      <Button
        type="button"
        variant="secondary"
        disabled={saving}
        onClick={() => {
          if (
            window.confirm(
              `Discard ${n === 1 ? "1 unsaved change" : `${n} unsaved changes`}? The rule set goes back to revision ${baseRevision}.`,
            )
          )
            onDiscard();
        }}
      >
        Discard
      </Button>
      <Button type="submit" disabled={saving}>
        {saving ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}
