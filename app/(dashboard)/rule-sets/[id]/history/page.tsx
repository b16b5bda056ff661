import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { revertAction } from "@/app/(dashboard)/rule-sets/actions";
import { ChangeCounts } from "@/components/diff-view/change-counts";
import { RevisionDiffPanel } from "@/components/diff-view/revision-diff-panel";
import { InlineAction } from "@/components/settings/inline-action";
import { Button, buttonClass } from "@/components/ui/button";
import { Badge, PageHeader, tableClass } from "@/components/ui/page";
import { roleAllows } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { diffRevisions } from "@/lib/rulesets/diff-revisions";
import { getRuleSet } from "@/lib/rulesets/get-rule-set";
import { listActivity } from "@/lib/rulesets/list-activity";
import { ruleSetTitle } from "@/lib/page-titles";
import { openRuleSetPage, type RuleSetPageProps } from "../rule-set-page";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return ruleSetTitle(id, "History");
}

const PAGE_SIZE = 50;
const querySchema = z.object({
  from: z.coerce.number().int().min(1).optional().catch(undefined),
  to: z.coerce.number().int().min(1).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1).default(1),
});

export default async function RuleSetHistoryPage(props: RuleSetPageProps) {
  const { user, id, q } = await openRuleSetPage(props, querySchema);
  const set = await getRuleSet(id);
  if (!set) notFound();
  const canRevert = roleAllows(user.role, "operator");

  const head = set.headRevision;
  const to = q.to ?? head;
  const from = q.from ?? Math.max(1, to - 1);
  const [history, compared] = await Promise.all([
    listActivity({ ruleSetId: id, page: q.page, pageSize: PAGE_SIZE }),
    from !== to ? diffRevisions(id, from, to) : null,
  ]);

  return (
    <>
      <PageHeader
        title={`History: ${set.name}`}
        description={`${head} revision${head === 1 ? "" : "s"}. Every save is kept; revert adds a new revision equal to an old one.`}
        actions={
          <>
            <a href={`/api/v1/rule-sets/${id}/export`} className={buttonClass("secondary")} download>
              Export JSON
            </a>
            <Link href={`/rule-sets/${id}`} className={buttonClass("primary")}>
              Open editor
            </Link>
          </>
        }
      />
      <div className="space-y-6">
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className={tableClass} data-testid="revisions-table">
            <thead className="bg-slate-50">
              <tr>
                <th className="w-24" title="Choose two revisions to compare">
                  From · To
                </th>
                <th>#</th>
                {/* A phone shows the message with its author and time under it, and the revert in view. */}
                <th className="hidden sm:table-cell">When</th>
                <th className="hidden sm:table-cell">Author</th>
                <th>Message</th>
                <th className="hidden text-right sm:table-cell">Rules</th>
                <th className="hidden sm:table-cell">Change</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {history.items.map((r) => (
                <tr
                  key={r.number}
                  data-testid={`revision-row-${r.number}`}
                  className={r.number === to || r.number === from ? "bg-sky-50/40" : undefined}
                >
                  <td className="whitespace-nowrap">
                    <input
                      form="compare"
                      type="radio"
                      name="from"
                      value={r.number}
                      defaultChecked={r.number === from}
                      aria-label={`Compare from revision ${r.number}`}
                      className="accent-sky-700"
                    />
                    <input
                      form="compare"
                      type="radio"
                      name="to"
                      value={r.number}
                      defaultChecked={r.number === to}
                      aria-label={`Compare to revision ${r.number}`}
                      className="ml-4 accent-sky-700"
                    />
                  </td>
                  <td className="font-mono tabular-nums">
                    {r.number}
                    {r.number === head ? (
                      <span className="ml-1.5">
                        <Badge tone="blue">head</Badge>
                      </span>
                    ) : null}
                  </td>
                  <td className="hidden whitespace-nowrap text-slate-600 sm:table-cell">
                    {formatDateTime(r.createdAt)}
                  </td>
                  <td className="hidden whitespace-nowrap sm:table-cell">{r.authorLabel}</td>
                  <td className="max-w-sm text-slate-700">
                    {r.message || <span className="text-slate-400">—</span>}
                    <span className="block text-xs text-slate-500 sm:hidden">
                      {r.authorLabel} · {formatDateTime(r.createdAt)} · {r.ruleCount} rules
                    </span>
                  </td>
                  <td className="hidden text-right tabular-nums sm:table-cell">{r.ruleCount}</td>
                  <td className="hidden sm:table-cell">
                    {r.number > 1 ? (
                      <Link
                        href={`?from=${r.number - 1}&to=${r.number}`}
                        className="hover:underline"
                        title={`Diff against revision ${r.number - 1}`}
                      >
                        <ChangeCounts summary={r.change} />
                      </Link>
                    ) : (
                      <ChangeCounts summary={null} />
                    )}
                  </td>
                  <td className="text-right">
                    {canRevert && r.number !== head ? (
                      <InlineAction
                        action={revertAction}
                        fields={{ id, to: String(r.number), base: String(head) }}
                        confirm={`Revert '${set.name}' to revision ${r.number}? This saves a new revision ${head + 1} equal to it; nothing is deleted.`}
                        after={
                          <Link
                            href={`/rule-sets/${id}/push`}
                            className={`${buttonClass("primary", "sm")} whitespace-nowrap`}
                            data-testid="offer-preview-push"
                          >
                            Preview push
                          </Link>
                        }
                      >
                        <Button size="sm" variant="secondary" type="submit" className="whitespace-nowrap">
                          Revert to #{r.number}
                        </Button>
                      </InlineAction>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="flex items-center justify-between border-t border-slate-100 px-3 py-2">
            {/* Its own form: the revert buttons in the rows are forms too, and forms cannot nest. */}
            <form id="compare" method="get">
              <Button type="submit" size="sm" variant="secondary">
                Compare selected
              </Button>
            </form>
            <Pager page={history.page} pages={history.pages} id={id} />
          </div>
        </div>

        {compared === null ? (
          <p className="text-sm text-slate-500">
            {head === 1
              ? "Only one revision so far; save a change to compare."
              : "Choose two different revisions to compare."}
          </p>
        ) : compared.ok ? (
          <RevisionDiffPanel value={compared.value} />
        ) : (
          <p role="alert" className="text-sm text-red-700">
            There is no revision {compared.missing} of this rule set.
          </p>
        )}
      </div>
    </>
  );
}

function Pager({ page, pages, id }: { page: number; pages: number; id: string }) {
  if (pages <= 1) return null;
  return (
    <nav className="flex items-center gap-2 text-xs text-slate-600" aria-label="Pages">
      {page > 1 ? <Link href={`/rule-sets/${id}/history?page=${page - 1}`}>← Newer</Link> : null}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={`/rule-sets/${id}/history?page=${page + 1}`}>Older →</Link> : null}
    </nav>
  );
}
