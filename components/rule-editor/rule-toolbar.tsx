"use client";

import { Button } from "@/components/ui/button";
import { rawRuleKinds } from "@/lib/routers/raw-rules";
import { CHAINS } from "@/lib/rules/schema";
import type { RuleFilter } from "./rule-search";

type Props = {
  filter: RuleFilter;
  setFilter: (f: RuleFilter) => void;
  shownCount: number;
  total: number;
  canEdit: boolean;
  onAdd: () => void;
  /** A new vendor raw rule of this vendor and type, written as the router's own property text. */
  onAddRaw: (vendor: string, type: string) => void;
};

/** Search and chain filter, the count they leave, and Add rule. */
export function RuleToolbar({ filter, setFilter, shownCount, total, canEdit, onAdd, onAddRaw }: Props) {
  const filtering = shownCount !== total || filter.text.trim() !== "" || filter.chain !== "all";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        aria-label="Search rules"
        placeholder="Search description, comment, address…"
        value={filter.text}
        onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        className="w-full rounded-md border sm:w-80 border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-400 focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600"
      />
      <select
        aria-label="Chain filter"
        value={filter.chain}
        onChange={(e) => setFilter({ ...filter, chain: e.target.value as RuleFilter["chain"] })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
      >
        <option value="all">All chains</option>
        {CHAINS.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <span className="text-xs text-slate-500" data-testid="rule-count">
        {filtering
          ? `${shownCount} of ${total} rules shown · reordering is off while filtered`
          : `${total} ${total === 1 ? "rule" : "rules"} · first match wins, top to bottom`}
      </span>
      {filtering ? (
        <button
          type="button"
          className="text-xs text-sky-700 underline"
          onClick={() => setFilter({ text: "", chain: "all" })}
        >
          Clear filter
        </button>
      ) : null}
      {canEdit ? (
        <div className="ml-auto flex flex-wrap gap-2">
          <select
            aria-label="Add raw rule"
            value=""
            onChange={(e) => {
              const [vendor, type] = e.target.value.split(" ");
              if (vendor && type) onAddRaw(vendor, type);
            }}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            <option value="">Add raw rule…</option>
            {rawRuleKinds().map((k) => (
              <option key={`${k.vendor} ${k.type}`} value={`${k.vendor} ${k.type}`}>
                {k.label}
              </option>
            ))}
          </select>
          <Button type="button" onClick={onAdd}>
            Add rule
          </Button>
        </div>
      ) : null}
    </div>
  );
}
