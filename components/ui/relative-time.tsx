"use client";

import { formatDateTime } from "@/lib/format";
import { formatAgo } from "@/lib/format-duration";
import { useNow } from "./use-now";

/**
 * "12s ago", ticking. The first render (server and hydration) prints the absolute time, which both sides agree
 * on; the relative form appears after mount, so hydration never sees two different clocks.
 */
export function RelativeTime({ iso }: { iso: string | null }) {
  const now = useNow();
  if (!iso) return <>never</>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {now == null ? formatDateTime(iso) : formatAgo(iso, now)}
    </time>
  );
}
