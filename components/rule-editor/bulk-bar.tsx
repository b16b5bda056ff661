"use client";

import { Button } from "@/components/ui/button";

type Props = { count: number; onEnable: () => void; onDisable: () => void; onDelete: () => void; onClear: () => void };

/** Shown only with a selection, and says how many rules each button touches. */
export function BulkBar({ count, onEnable, onDisable, onDelete, onClear }: Props) {
  if (count === 0) return null;
  const rules = count === 1 ? "1 rule" : `${count} rules`;
  return (
    <div
      className="flex items-center gap-2 rounded-md bg-sky-50 px-3 py-1.5 text-sm text-sky-900"
      data-testid="bulk-bar"
    >
      <span className="font-medium">{rules} selected</span>
      <Button size="sm" variant="secondary" onClick={onEnable}>
        Enable {rules}
      </Button>
      <Button size="sm" variant="secondary" onClick={onDisable}>
        Disable {rules}
      </Button>
      <Button size="sm" variant="danger" onClick={onDelete}>
        Delete {rules}
      </Button>
      <button type="button" className="ml-auto text-xs underline" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
