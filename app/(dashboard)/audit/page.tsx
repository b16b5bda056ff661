import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { compactSelect, inputClass } from "@/components/ui/field";
import { EmptyRow, PageHeader, stackOnPhoneClass, tableClass } from "@/components/ui/page";
import { auditActionNames, auditFilterSchema, AUDIT_PAGE_SIZE, queryAudit } from "@/lib/audit/query";
import { requirePageUser } from "@/lib/auth/guard";
import { formatDateTime } from "@/lib/format";

export const metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("admin");
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === "string")),
  );
  const filter = parsed.success ? parsed.data : auditFilterSchema.parse({});
  const [{ events, total }, actions] = await Promise.all([queryAudit(filter), auditActionNames()]);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const link = (page: number) =>
    `/audit?${new URLSearchParams({ ...(filter.q ? { q: filter.q } : {}), ...(filter.action ? { action: filter.action } : {}), ...(filter.actor ? { actor: filter.actor } : {}), page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, change, push, token use and account change. Append-only: nobody can edit or delete entries from the app."
      />
      <form className="mb-4 flex flex-wrap items-end gap-2" method="get">
        <input
          name="q"
          defaultValue={filter.q}
          placeholder="Search summary, actor, action"
          aria-label="Search"
          className={`${inputClass} max-w-xs`}
        />
        <select name="action" defaultValue={filter.action} aria-label="Action" className={compactSelect}>
          <option value="">All actions</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
        <input
          name="actor"
          defaultValue={filter.actor}
          placeholder="Actor"
          aria-label="Actor"
          className={`${inputClass} max-w-40`}
        />
        <button type="submit" className={buttonClass("secondary")}>
          Filter
        </button>
        {!parsed.success ? <span className="text-xs text-red-600">{parsed.error.issues[0].message}</span> : null}
        <span className="ml-auto text-xs text-slate-500">{total} entries</span>
      </form>
      <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className={`${tableClass} ${stackOnPhoneClass}`}>
          <thead className="bg-slate-50">
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Summary</th>
              <th>Address</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td className="whitespace-nowrap text-slate-500">{formatDateTime(e.at)}</td>
                <td className="whitespace-nowrap" data-label="Actor">
                  {e.actorLabel} <span className="text-xs text-slate-400">{e.actorType}</span>
                </td>
                <td className="whitespace-nowrap font-mono text-xs" data-label="Action">
                  {e.action}
                </td>
                <td className="max-md:basis-full">{e.summary}</td>
                <td className="font-mono text-xs text-slate-500" data-label="Address">
                  {e.ip ?? ""}
                </td>
              </tr>
            ))}
            {events.length === 0 ? <EmptyRow columns={5}>No entries match.</EmptyRow> : null}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav className="mt-3 flex items-center gap-2 text-sm" aria-label="Pages">
          {filter.page > 1 ? (
            <Link href={link(filter.page - 1)} className="text-sky-700">
              ← Newer
            </Link>
          ) : null}
          <span className="text-slate-500">
            page {filter.page} of {pages}
          </span>
          {filter.page < pages ? (
            <Link href={link(filter.page + 1)} className="text-sky-700">
              Older →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}
