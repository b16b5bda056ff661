"use client";

import { Button } from "@/components/ui/button";
import type { AddressList, AddressListEntry } from "@/lib/rules/schema";
import { AddEntryForm } from "./add-entry-form";
import { RenameList } from "./rename-list";
import type { ListUse } from "./where-used";

type Props = {
  list: AddressList;
  otherNames: string[];
  uses: ListUse[];
  issues: Record<string, string>;
  canEdit: boolean;
  onChange: (list: AddressList) => void;
  onRename: (to: string) => void;
  onDelete: () => void;
  onOpenRule: (id: string) => void;
};

/** One address list: its entries, where rules use it, and its edits. */
export function AddressListCard({
  list,
  otherNames,
  uses,
  issues,
  canEdit,
  onChange,
  onRename,
  onDelete,
  onOpenRule,
}: Props) {
  const setEntries = (entries: AddressListEntry[]) => onChange({ ...list, entries });
  return (
    <section
      className="rounded-lg border border-slate-200 bg-white shadow-xs"
      data-testid={`address-list-${list.name}`}
    >
      <header className="flex items-start justify-between gap-4 border-b border-slate-100 px-4 py-2.5">
        <div className="space-y-0.5">
          <RenameList name={list.name} others={otherNames} canEdit={canEdit} onRename={onRename} />
          {issues.name ? <p className="text-xs text-red-600">{issues.name}</p> : null}
          <p className="text-xs text-slate-500" data-testid="where-used">
            {list.entries.length} {list.entries.length === 1 ? "entry" : "entries"} ·{" "}
            {uses.length === 0 ? (
              "not used by any rule"
            ) : (
              <>
                used by{" "}
                {uses.map((u, i) => (
                  <span key={`${u.id}-${u.side}`}>
                    {i > 0 ? ", " : ""}
                    <button type="button" className="text-sky-700 underline" onClick={() => onOpenRule(u.id)}>
                      rule #{u.position}
                    </button>{" "}
                    ({u.side})
                  </span>
                ))}
              </>
            )}
          </p>
        </div>
        {canEdit ? (
          <Button
            size="sm"
            variant="ghost"
            disabled={uses.length > 0}
            title={uses.length > 0 ? "Rules use this list; point them elsewhere first." : undefined}
            onClick={() =>
              window.confirm(`Delete address list '${list.name}' and its ${list.entries.length} entries?`) && onDelete()
            }
          >
            Delete list
          </Button>
        ) : null}
      </header>
      <div className="px-4 py-2">
        {list.entries.length === 0 ? (
          <p className="py-2 text-xs text-slate-500">No entries: a rule using this list matches nothing.</p>
        ) : (
          <table className="w-full text-sm">
            <tbody>
              {list.entries.map((entry, i) => {
                const error = issues[`entries.${i}.address`] ?? issues[`entries.${i}.comment`];
                return (
                  <tr key={`${i}-${entry.address}`} className="border-b border-slate-50 last:border-0">
                    <td className="w-64 py-1 align-top font-mono text-xs">
                      {entry.address}
                      {error ? <p className="font-sans text-red-600">{error}</p> : null}
                    </td>
                    <td className="py-1 align-top">
                      {canEdit ? (
                        <input
                          aria-label={`Comment for ${entry.address}`}
                          defaultValue={entry.comment}
                          placeholder="comment"
                          onBlur={(e) =>
                            e.target.value !== entry.comment &&
                            setEntries(list.entries.with(i, { ...entry, comment: e.target.value }))
                          }
                          className="w-full rounded border border-transparent px-1.5 py-0.5 text-xs text-slate-600 hover:border-slate-200 focus:border-sky-600 focus:outline-none"
                        />
                      ) : (
                        <span className="text-xs text-slate-600">{entry.comment}</span>
                      )}
                    </td>
                    {canEdit ? (
                      <td className="w-10 py-1 text-right align-top">
                        <button
                          type="button"
                          aria-label={`Remove ${entry.address} from ${list.name}`}
                          className="rounded px-1.5 text-slate-400 hover:bg-slate-100 hover:text-red-700"
                          onClick={() => setEntries(list.entries.filter((_, j) => j !== i))}
                        >
                          ✕
                        </button>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {canEdit ? (
          <div className="mt-2 border-t border-slate-100 pt-2">
            <AddEntryForm listName={list.name} onAdd={(entry) => setEntries([...list.entries, entry])} />
          </div>
        ) : null}
      </div>
    </section>
  );
}
