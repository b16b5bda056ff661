import Link from "next/link";
import { StatusBadge } from "@/components/routers/status-badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader, tableClass } from "@/components/ui/page";
import { requirePageUser } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { listRouters } from "@/lib/inventory/routers";
import { transportLabels, vendorLabels } from "@/lib/inventory/router-schema";

export const metadata = { title: "Routers" };

export default async function RoutersPage() {
  const user = await requirePageUser();
  const [routers, statuses] = await Promise.all([listRouters(), db.routerStatus.findMany()]);
  const statusOf = new Map(statuses.map((s) => [s.routerId, s]));
  return (
    <>
      <PageHeader
        title="Routers"
        description="MikroTik (RouterOS API) and OpenWrt (SSH) routers under management."
        actions={
          roleAllows(user.role, "admin") ? (
            <Link href="/routers/new" className={buttonClass()}>
              Add router
            </Link>
          ) : null
        }
      />
      {routers.length === 0 ? (
        <EmptyState title="No routers yet">
          Add a router with its address and credentials; Rampart tests the connection before you save.
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className={tableClass}>
            <thead className="bg-slate-50">
              <tr>
                <th>Name</th>
                <th>Status</th>
                <th>Vendor</th>
                <th>Address</th>
                <th>Site</th>
                <th>Version</th>
                <th>Last seen</th>
              </tr>
            </thead>
            <tbody>
              {routers.map((r) => {
                const s = statusOf.get(r.id);
                return (
                  <tr key={r.id} data-testid={`router-row-${r.name}`}>
                    <td className="whitespace-nowrap">
                      <Link href={`/routers/${r.id}`} className="font-medium text-sky-800 hover:underline">
                        {r.name}
                      </Link>
                    </td>
                    <td>
                      <StatusBadge state={s?.state ?? "unknown"} />
                    </td>
                    <td>{vendorLabels[r.vendor]}</td>
                    <td className="font-mono text-xs">
                      {r.host}:{r.port}{" "}
                      <span className="text-slate-400">{transportLabels[r.transport].split(" (")[0]}</span>
                    </td>
                    <td>{r.site || <span className="text-slate-400">—</span>}</td>
                    <td className="text-slate-600">{s?.version ?? "—"}</td>
                    <td className="text-slate-500">{s?.lastSeenAt ? formatDateTime(s.lastSeenAt) : "never"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
