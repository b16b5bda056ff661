"use client";

import { createContext, useContext, useId, useState } from "react";
import type { AddressList, Rule } from "@/lib/rules/schema";

/** The editor's address lists, for rows to show a list's members without every row taking them as a prop. */
export const AddressListsContext = createContext<readonly AddressList[]>([]);

const SHOWN = 12;

/** One chip per address list the rule matches; hover or focus shows the list's members (the first dozen). */
export function ListMembers({ rule }: { rule: Rule }) {
  const names = [rule.src, rule.dst].flatMap((m) => (m.kind === "list" ? [m.list] : []));
  if (names.length === 0) return null;
  return (
    <>
      {[...new Set(names)].map((n) => (
        <ListChip key={n} name={n} />
      ))}
    </>
  );
}

function ListChip({ name }: { name: string }) {
  const lists = useContext(AddressListsContext);
  const [open, setOpen] = useState(false);
  const id = useId();
  const list = lists.find((l) => l.name === name);
  const entries = list?.entries ?? [];
  return (
    <span
      className="relative shrink-0"
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onClick={(e) => e.stopPropagation()}
    >
      <button
        type="button"
        className="rounded bg-violet-50 px-1 text-xs text-violet-800 ring-1 ring-inset ring-violet-200"
        aria-describedby={open ? id : undefined}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setOpen(false);
          // Row keys (Enter edits, Space selects) stay with the row.
          if (e.key !== "Tab") e.stopPropagation();
        }}
        data-testid="list-chip"
      >
        @{name}
      </button>
      {open ? (
        <span
          role="tooltip"
          id={id}
          data-testid="list-members"
          className="absolute left-0 top-full z-30 mt-1 block w-56 rounded-md bg-slate-900 px-3 py-2 text-xs text-white shadow-lg"
        >
          <strong className="block">
            {name}: {entries.length === 1 ? "1 entry" : `${entries.length} entries`}
          </strong>
          {list ? null : <span className="block text-amber-300">no list of that name in this rule set</span>}
          {entries.slice(0, SHOWN).map((e) => (
            <span key={e.address} className="block font-mono">
              {e.address}
              {e.comment ? <span className="font-sans text-slate-400"> · {e.comment}</span> : null}
            </span>
          ))}
          {entries.length > SHOWN ? (
            <span className="block text-slate-400">and {entries.length - SHOWN} more</span>
          ) : null}
        </span>
      ) : null}
    </span>
  );
}
