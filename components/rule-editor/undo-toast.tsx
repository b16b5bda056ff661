"use client";

import { useEffect } from "react";

export type Toast = { id: number; message: string; undo?: () => void };

const SHOW_MS = 10_000;

/** One toast at a time, bottom left, with Undo; it leaves by itself after ten seconds. */
export function UndoToast({ toast, onDismiss }: { toast: Toast | null; onDismiss: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onDismiss, SHOW_MS);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);
  if (!toast) return null;
  return (
    <div
      role="status"
      data-testid="toast"
      className="fixed bottom-5 left-1/2 z-40 flex -translate-x-1/2 items-center gap-4 rounded-lg bg-slate-900 px-4 py-2.5 text-sm text-white shadow-lg"
    >
      <span>{toast.message}</span>
      {toast.undo ? (
        <button
          type="button"
          className="font-semibold text-sky-300 hover:text-sky-200"
          onClick={() => {
            toast.undo?.();
            onDismiss();
          }}
        >
          Undo
        </button>
      ) : null}
      <button type="button" aria-label="Dismiss" className="text-slate-400 hover:text-white" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
