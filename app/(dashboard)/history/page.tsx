import Link from "next/link";
import { z } from "zod";
import { ChangeCounts } from "@/components/diff-view/change-counts";
import { EmptyState, PageHeader, tableClass } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { formatDateTime } from "@/lib/format";
import { listActivity } from "@/lib/rulesets/list-activity";

export const metadata = { title: "History" };

const querySchema = z.object({ page: z.coerce.number().int().min(1).catch(1).default(1) });

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser();
  const { page } = querySchema.parse(await searchParams);
  const feed = await listActivity({ page, pageSize: 50 });

  return (
    <>
      <PageHeader
        title="History"
        description="Every saved revision of every rule set, newest first. Click a change to see its diff."
      />
      {feed.total === 0 ? (
        <EmptyState title="No changes yet">
          Creating or saving a rule set records a revision here.{" "}
          <Link href="/rule-sets" className="text-sky-700 underline">
            Rule sets
          </Link>
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className={tableClass} data-testid="activity-table">
            <thead className="bg-slate-50">
              <tr>
                <th>When</th>
                <th>Rule set</th>
                <th>Revision</th>
                <th>Author</th>
                <th>Message</th>
                <th>Change</th>
                <th className="text-right">Rules</th>
              </tr>
            </thead>
            <tbody>
              {feed.items.map((i) => (
                <tr key={`${i.ruleSetId}-${i.number}`} data-testid="activity-row">
                  <td className="whitespace-nowrap text-slate-600">{formatDateTime(i.createdAt)}</td>
                  <td>
                    <Link
                      href={`/rule-sets/${i.ruleSetId}/history`}
                      className="whitespace-nowrap font-medium text-slate-900 hover:text-sky-700 hover:underline"
                    >
                      {i.ruleSetName}
                    </Link>
                  </td>
                  <td className="font-mono tabular-nums">
                    <Link
                      href={
                        i.number > 1
                          ? `/rule-sets/${i.ruleSetId}/history?from=${i.number - 1}&to=${i.number}`
                          : `/rule-sets/${i.ruleSetId}/history`
                      }
                      className="text-sky-700 hover:underline"
                    >
                      #{i.number}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap">{i.authorLabel}</td>
                  <td className="max-w-md text-slate-700">{i.message || <span className="text-slate-400">—</span>}</td>
                  <td>
                    <ChangeCounts summary={i.change} />
                  </td>
                  <td className="text-right tabular-nums">{i.ruleCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {feed.pages > 1 ? (
            <nav
              className="flex items-center justify-end gap-3 border-t border-slate-100 px-3 py-2 text-xs text-slate-600"
              aria-label="Pages"
            >
              {feed.page > 1 ? <Link href={`/history?page=${feed.page - 1}`}>← Newer</Link> : null}
              <span>
                Page {feed.page} of {feed.pages} · {feed.total} revisions
              </span>
              {feed.page < feed.pages ? <Link href={`/history?page=${feed.page + 1}`}>Older →</Link> : null}
            </nav>
          ) : null}
        </div>
      )}
    </>
  );
}
