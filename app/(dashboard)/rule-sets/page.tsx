import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader, tableClass } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { listRuleSets } from "@/lib/rulesets/list-rule-sets";

export const metadata = { title: "Rule sets" };

export default async function RuleSetsPage() {
  const user = await requirePageUser();
  const canEdit = roleAllows(user.role, "operator");
  const sets = await listRuleSets();
  const newButton = canEdit ? (
    <>
      <Link href="/rule-sets/import-text" className={buttonClass("secondary")}>
        Import text
      </Link>
      <Link href="/rule-sets/new" className={buttonClass("primary")}>
        New rule set
      </Link>
    </>
  ) : null;

  return (
    <>
      <PageHeader
        title="Rule sets"
        description="Firewall policies you edit here and push to routers. Every save is a revision you can diff and revert."
        actions={newButton}
      />
      {sets.length === 0 ? (
        <EmptyState title="No rule sets yet">
          A router without a rule set keeps whatever firewall it has.{" "}
          {canEdit ? (
            <>
              Start from a template (block incoming except trusted, block outgoing except trusted, basic edge router) or
              a blank set:{" "}
              <Link href="/rule-sets/new" className="text-sky-700 underline">
                New rule set
              </Link>
              .
            </>
          ) : (
            "An operator can create one."
          )}
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className={tableClass} data-testid="rule-sets-table">
            <thead className="bg-slate-50">
              <tr>
                <th>Name</th>
                <th className="text-right">Rules</th>
                <th className="text-right">Routers</th>
                <th className="text-right">Revision</th>
                <th>Last change</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sets.map((s) => (
                <tr key={s.id} data-testid={`rule-set-row-${s.name}`} className="hover:bg-slate-50">
                  <td className="max-w-md">
                    <Link
                      href={`/rule-sets/${s.id}`}
                      className="font-medium text-slate-900 hover:text-sky-700 hover:underline"
                    >
                      {s.name}
                    </Link>
                    {s.description ? <div className="truncate text-xs text-slate-500">{s.description}</div> : null}
                  </td>
                  <td className="text-right tabular-nums">{s.ruleCount}</td>
                  <td className="text-right tabular-nums">
                    {s.routersAssigned === 0 ? <span className="text-slate-400">0</span> : s.routersAssigned}
                  </td>
                  <td className="text-right tabular-nums text-slate-600">{s.headRevision}</td>
                  <td className="text-slate-600">
                    {s.lastChange ? (
                      <>
                        <span className="whitespace-nowrap">{formatDateTime(s.lastChange.at)}</span> ·{" "}
                        {s.lastChange.authorLabel}
                        {s.lastChange.message ? (
                          <div className="max-w-xs truncate text-xs text-slate-500">{s.lastChange.message}</div>
                        ) : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="text-right">
                    <Link href={`/rule-sets/${s.id}/history`} className="text-xs text-sky-700 hover:underline">
                      History
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
