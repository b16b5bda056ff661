"use client";

import { useEffect } from "react";
import { useLatest } from "@/components/ui/use-latest";

/** The id of the save bar's form: Ctrl/Cmd+S submits it, message included, exactly as its Save button does. */
export const SAVE_FORM_ID = "rule-set-save";

/**
 * Ctrl/Cmd+S saves (never the browser's "save page"); Ctrl/Cmd+Z undoes the last edit, except in a text field,
 * where it undoes typing as usual.
 */
export function useEditorKeys({ enabled, onUndo }: { enabled: boolean; onUndo: () => void }) {
  const undoRef = useLatest(onUndo);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === "s") {
        e.preventDefault();
        const form = document.getElementById(SAVE_FORM_ID);
        if (form instanceof HTMLFormElement) form.requestSubmit();
      } else if (key === "z" && !e.shiftKey && !isTextField(e.target)) {
        e.preventDefault();
        undoRef.current();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [enabled, undoRef]);
}

function isTextField(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t instanceof HTMLTextAreaElement) return true;
  return t instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(t.type);
}
