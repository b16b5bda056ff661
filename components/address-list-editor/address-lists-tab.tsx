"use client";

import { useMemo } from "react";
import { EmptyState } from "@/components/ui/page";
import type { AddressList, Rule } from "@/lib/rules/schema";
import { AddressListCard } from "./address-list-card";
import { checkLists } from "./list-issues";
import { NewListForm } from "./new-list-form";
import { listUsage, renameListInRules } from "./where-used";

type Props = {
  lists: AddressList[];
  rules: Rule[];
  canEdit: boolean;
  setLists: (lists: AddressList[], rules?: Rule[]) => void;
  onOpenRule: (id: string) => void;
};

/** This rule set's address lists; edits join the same unsaved changes and the same Save as the rules. */
export function AddressListsTab({ lists, rules, canEdit, setLists, onOpenRule }: Props) {
  const usage = useMemo(() => listUsage(rules), [rules]);
  const issues = useMemo(() => checkLists(lists), [lists]);
  const names = lists.map((l) => l.name);
  return (
    <div className="space-y-4">
      {canEdit ? (
        <NewListForm existing={names} onCreate={(name) => setLists([...lists, { name, entries: [] }])} />
      ) : null}
      {lists.length === 0 ? (
        <EmptyState title="No address lists">
          Group addresses under a name (e.g. office, monitoring) and use the name in rules; edit the list once instead
          of every rule.
        </EmptyState>
      ) : (
        lists.map((list, i) => (
          <AddressListCard
            key={list.name}
            list={list}
            otherNames={names.filter((_, j) => j !== i)}
            uses={usage.get(list.name) ?? []}
            issues={issues.get(i) ?? {}}
            canEdit={canEdit}
            onChange={(next) => setLists(lists.with(i, next))}
            onRename={(to) => setLists(lists.with(i, { ...list, name: to }), renameListInRules(rules, list.name, to))}
            onDelete={() => setLists(lists.filter((_, j) => j !== i))}
            onOpenRule={onOpenRule}
          />
        ))
      )}
    </div>
  );
}
