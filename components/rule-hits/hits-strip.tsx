"use client";

import { Button } from "@/components/ui/button";
import type { RuleHitsState } from "./use-rule-hits";

/** Above the rules: how many rules are unused, where the hits come from, and "Refresh hits". */
export function HitsStrip({ hits, canRefresh }: { hits: RuleHitsState; canRefresh: boolean }) {
  const { data, busy, error, failed } = hits;
  const unused = data?.rules.filter((r) => r.state === "unused").length ?? 0;
  const routers = data?.rules[0]?.routers ?? 0;
  return (
    <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600" data-testid="hits-strip">
      <span>
        {data === null
          ? "Hits: loading…"
          : routers === 0
            ? "Hits: not assigned to any router."
            : `Hits from the counters last read on ${routers} router${routers === 1 ? "" : "s"}; unused = no hit on any router for ${data.unusedDays} days.`}
      </span>
      {unused > 0 ? (
        <span className="rounded bg-amber-100 px-1 text-amber-900">
          {unused} unused rule{unused === 1 ? "" : "s"}
        </span>
      ) : null}
      {canRefresh && routers > 0 ? (
        <Button variant="secondary" size="sm" type="button" disabled={busy} onClick={() => void hits.refresh()}>
          {busy ? "Reading routers…" : "Refresh hits"}
        </Button>
      ) : null}
      {error ? (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      ) : null}
      {failed.length ? (
        <span role="alert" className="text-red-700">
          Not read: {failed.map((f) => `${f.routerName} (${f.message})`).join("; ")}; their last counters are kept.
        </span>
      ) : null}
    </div>
  );
}
