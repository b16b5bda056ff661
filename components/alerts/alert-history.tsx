"use client";

import Link from "next/link";
import { usePolling } from "@/components/health/use-polling";
import { Badge, tableClass } from "@/components/ui/page";
import { formatDateTime } from "@/lib/format";
import { alertTypeLabels, type EventView } from "@/lib/alerts/types";

const deliveryTone = { delivered: "green", pending: "amber", sending: "amber", failed: "red" } as const;

/** The alert history, refreshed every few seconds: what happened, and what each channel did with it. */
export function AlertHistory({ initial }: { initial: EventView[] }) {
  const { data } = usePolling<{ events: EventView[] }>("/api/v1/alerts/events?limit=200", { events: initial }, 3000);
  if (data.events.length === 0)
    return (
      <p className="text-sm text-slate-500" data-testid="alert-history-empty">
        No alerts yet.
      </p>
    );
  return (
    <div>
      {/* Narrow screens: one card per alert (a four-column table does not fit a phone). */}
      <ul className="space-y-3 sm:hidden">
        {data.events.map((e) => (
          <li key={e.id} data-testid={`alert-${e.type}`} className="border-b border-slate-100 pb-3 text-sm">
            <p className="font-medium">
              {alertTypeLabels[e.type]} ·{" "}
              {e.routerId ? (
                <Link href={`/routers/${e.routerId}`} className="text-sky-700 hover:underline">
                  {e.routerName}
                </Link>
              ) : (
                e.routerName
              )}
            </p>
            <p className="text-xs text-slate-500">
              {formatDateTime(e.at)}
              {e.site ? ` · ${e.site}` : ""}
            </p>
            <p className="break-words text-xs text-slate-600">{e.summary}</p>
            <Deliveries e={e} />
          </li>
        ))}
      </ul>
      <table className={`${tableClass} hidden sm:table`} data-testid="alert-history">
        <thead>
          <tr>
            <th>Time</th>
            <th>Alert</th>
            <th>Router</th>
            <th>Delivery</th>
          </tr>
        </thead>
        <tbody>
          {data.events.map((e) => (
            <tr key={e.id} data-testid={`alert-${e.type}`} className="align-top">
              <td className="whitespace-nowrap text-slate-500">{formatDateTime(e.at)}</td>
              <td className="min-w-56">
                <span className="font-medium">{alertTypeLabels[e.type]}</span>
                <span className="block text-xs text-slate-600">
                  {e.link ? (
                    <Link href={e.link} className="hover:underline">
                      {e.summary}
                    </Link>
                  ) : (
                    e.summary
                  )}
                </span>
              </td>
              <td className="whitespace-nowrap">
                {e.routerId ? (
                  <Link href={`/routers/${e.routerId}`} className="text-sky-700 hover:underline">
                    {e.routerName}
                  </Link>
                ) : (
                  e.routerName
                )}
                {e.site ? <span className="block text-xs text-slate-500">{e.site}</span> : null}
              </td>
              <td className="min-w-48">
                <Deliveries e={e} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Deliveries({ e }: { e: EventView }) {
  return (
    <>
      {e.disposition === "muted" ? <Badge tone="gray">muted (maintenance)</Badge> : null}
      {e.disposition === "throttled" ? <Badge tone="gray">throttled: counted into the next alert</Badge> : null}
      {e.disposition === "delivered" && e.deliveries.length === 0 ? (
        <span className="text-xs text-slate-500">no channel takes this alert</span>
      ) : null}
      <ul className="space-y-1">
        {e.deliveries.map((d, i) => (
          <li key={`${d.channelId ?? "removed"}-${i}`} data-testid={`delivery-${d.channelName}`}>
            <span className="text-xs">{d.channelName}: </span>
            <Badge tone={deliveryTone[d.status]}>{d.status}</Badge>
            <span className="text-xs text-slate-500">
              {" "}
              {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
              {d.lastResult ? ` · ${d.lastResult}` : ""}
              {d.status === "pending" && d.nextAttemptAt ? ` · next ${formatDateTime(d.nextAttemptAt)}` : ""}
            </span>
            {d.lastError && d.status !== "delivered" ? (
              <span className="block break-words text-xs text-red-700">{d.lastError}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
