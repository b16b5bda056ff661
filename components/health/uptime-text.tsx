"use client";

import { RelativeTime } from "@/components/ui/relative-time";

/** "99.93 %": two decimals, because 99.9 % and 99.99 % are different promises; "—" when nothing is known. */
export function UptimePercent({ ratio }: { ratio: number | null }) {
  if (ratio == null) return <span title="Not polled in this window yet">—</span>;
  return <>{(Math.floor(ratio * 10000) / 100).toFixed(2)} %</>;
}

const WORDS: Record<string, string> = { down: "down", "auth-failed": "refused", degraded: "degraded", up: "up" };

/** "down since 12m ago": when the router entered its current state (the poll that saw the change). */
export function StateSince({ state, since }: { state: string; since: string | null }) {
  if (!since || !WORDS[state]) return <>—</>;
  return (
    <span className={state === "down" || state === "auth-failed" ? "font-medium text-red-700" : undefined}>
      {WORDS[state]} since <RelativeTime iso={since} />
    </span>
  );
}
