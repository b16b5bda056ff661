"use client";

import { useState } from "react";
import { formatDateTime } from "@/lib/format";
import type { PlanPage, PlanSection, PlanSummaryView, PlanWrite } from "@/lib/push/plan-summary";
import type { StoredPlan } from "@/lib/push/schemas";
import { apiCall } from "./api-fetch";

const KIND = {
  add: { word: "add", cls: "text-emerald-700", bar: "border-l-emerald-500 bg-emerald-50" },
  change: { word: "change", cls: "text-amber-700", bar: "border-l-amber-500 bg-amber-50/60" },
  remove: { word: "remove", cls: "text-red-700", bar: "border-l-red-500 bg-red-50" },
  move: { word: "move", cls: "text-sky-700", bar: "border-l-sky-500 bg-sky-50/60" },
} as const;

const PAGE = 200;

type Change = StoredPlan["changes"][number];
type Note = StoredPlan["notes"][number];

/**
 * A list of the plan that starts with the summary's first items and pages in the rest on demand: a 2,000-rule
 * plan is about 1 MB, so the browser gets it only when someone asks to read it.
 */
function usePaged<T>(hash: string, section: PlanSection, first: T[], total: number, kept: boolean) {
  const [items, setItems] = useState<T[]>(first);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const more = async () => {
    setLoading(true);
    const r = await apiCall<PlanPage>("GET", `/api/v1/plans/${hash}/${section}?cursor=${items.length}&limit=${PAGE}`);
    setLoading(false);
    if (r.ok) setItems((prev) => [...prev, ...(r.data.items as T[])]);
    setError(r.ok ? null : r.message);
  };
  /** Loads item i whole (a summary holds long writes cut short). */
  const full = async (i: number) => {
    const r = await apiCall<PlanPage>("GET", `/api/v1/plans/${hash}/${section}?cursor=${i}&limit=1`);
    if (r.ok && r.data.items[0]) setItems((prev) => prev.map((x, j) => (j === i ? (r.data.items[0] as T) : x)));
    setError(r.ok ? null : r.message);
  };
  return { items, left: total - items.length, canMore: kept && items.length < total, loading, error, more, full };
}

function MoreButton({
  left,
  loading,
  error,
  more,
  what,
  kept,
  testId,
}: {
  left: number;
  loading: boolean;
  error: string | null;
  more: () => void;
  what: string;
  kept: boolean;
  testId: string;
}) {
  if (left <= 0) return null;
  if (!kept)
    return (
      <p className="px-3 py-1.5 text-xs text-slate-500">
        {left} more {what} not kept (plan detail pruned).
      </p>
    );
  return (
    <div className="px-3 py-1.5 text-xs">
      <button
        type="button"
        className="text-sky-700 hover:underline disabled:text-slate-400"
        onClick={more}
        disabled={loading}
        data-testid={testId}
      >
        {loading ? "Loading…" : `Show ${Math.min(left, PAGE)} more ${what} (${left} left)`}
      </button>
      {error ? (
        <span role="alert" className="ml-2 text-red-700">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/**
 * The plan as a person checks it: changes first (field by field), what the compile had to say, then the exact
 * operations that will go over the wire, folded. Items Rampart does not manage are never in a plan. The browser
 * holds the summary; the rest of each list pages in on demand, and a pruned plan says so and shows its summary.
 */
export function PlanView({ plan }: { plan: PlanSummaryView }) {
  const c = plan.counts;
  const kept = plan.detailKept;
  const changes = usePaged<Change>(plan.hash, "changes", plan.changes.first, plan.changes.total, kept);
  const notes = usePaged<Note>(plan.hash, "notes", plan.notes.first, plan.notes.total, kept);
  const writes = usePaged<PlanWrite>(plan.hash, "writes", plan.writes.first, plan.writes.total, kept);
  return (
    <div className="space-y-3 text-sm" data-testid="plan-view">
      {!kept ? (
        <p className="rounded bg-slate-100 px-2 py-1 text-xs text-slate-700" data-testid="plan-pruned">
          Plan detail pruned{plan.prunedAt ? ` on ${formatDateTime(plan.prunedAt)}` : ""} (Settings → Push, plan
          retention). Its summary is kept: the counts below and the first items of each list.
        </p>
      ) : null}
      <p className="text-xs text-slate-600" data-testid="plan-counts">
        {plan.opsTotal === 0 ? (
          "In sync: the router already holds exactly this revision. Pushing changes nothing on it."
        ) : (
          <>
            <span className="text-emerald-700">+{c.add} added</span> ·{" "}
            <span className="text-amber-700">~{c.change} changed</span> ·{" "}
            <span className="text-red-700">−{c.remove} removed</span> ·{" "}
            <span className="text-sky-700">↕{c.move} moved</span> · {plan.opsTotal} operation
            {plan.opsTotal === 1 ? "" : "s"}.{" "}
            {plan.claimedTotal ? (
              <span data-testid="plan-takeover">
                {plan.claimedTotal} of the router&apos;s own item{plan.claimedTotal === 1 ? " is" : "s are"} taken over
                in place (marked as Rampart&apos;s, not copied).{" "}
              </span>
            ) : null}
            Rules not managed by Rampart stay as they are, in place.
          </>
        )}
      </p>
      {plan.changes.total > 0 ? (
        <div className="overflow-hidden rounded-md border border-slate-200">
          <ol className="divide-y divide-slate-100" data-testid="plan-changes">
            {changes.items.map((ch, i) => (
              <li key={i} className={`border-l-4 px-3 py-1.5 ${KIND[ch.kind].bar}`} data-change={ch.kind}>
                <span className={`mr-2 inline-block w-14 text-xs font-semibold uppercase ${KIND[ch.kind].cls}`}>
                  {KIND[ch.kind].word}
                </span>
                <span>{ch.description}</span>
                {ch.fields?.length ? (
                  <ul className="ml-16 mt-1 space-y-0.5 text-xs">
                    {ch.fields.map((f) => (
                      <li key={f.field}>
                        <span className="font-mono text-slate-600">{f.field}</span>:{" "}
                        <span className="text-red-700 line-through decoration-red-300">{f.old || "—"}</span> →{" "}
                        <span className="text-emerald-800">{f.new || "—"}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
          <MoreButton {...changes} what="changes" kept={kept} testId="plan-more-changes" />
        </div>
      ) : null}
      {plan.notes.total > 0 ? (
        <div className="rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-900">
          <ul className="space-y-1" data-testid="compile-notes">
            {notes.items.map((n, i) => (
              <li key={i}>
                <span className="font-medium">{n.rule ?? "A rule"}</span>: {n.message}
              </li>
            ))}
          </ul>
          <MoreButton {...notes} what="notes" kept={kept} testId="plan-more-notes" />
        </div>
      ) : null}
      {plan.opsTotal > 0 ? (
        <details className="rounded-md border border-slate-200">
          <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium text-slate-700">
            Exact operations sent to the router ({plan.writes.total})
          </summary>
          <div className="max-h-96 overflow-auto border-t border-slate-100 px-3 py-2 font-mono text-[11px] leading-relaxed">
            <WriteList writes={writes.items} timer={plan.hasTimer} full={kept ? writes.full : null} />
            <MoreButton {...writes} what="operations" kept={kept} testId="plan-more-writes" />
          </div>
        </details>
      ) : null}
    </div>
  );
}

const GROUP = {
  arm: { title: "First, the revert timer", testId: "plan-timer-arm" },
  change: { title: "Then the change", testId: "plan-ops" },
  confirm: { title: "After the read-back matches, the timer is removed", testId: "plan-timer-confirm" },
} as const;

/** The writes in order, numbered as one list, in groups: the timer's arm, the change, the timer's removal. */
function WriteList({
  writes,
  timer,
  full,
}: {
  writes: PlanWrite[];
  timer: boolean;
  full: ((i: number) => void) | null;
}) {
  const groups: { group: PlanWrite["group"]; start: number; ops: PlanWrite[] }[] = [];
  writes.forEach((w, i) => {
    const last = groups[groups.length - 1];
    if (last?.group === w.group) last.ops.push(w);
    else groups.push({ group: w.group, start: i, ops: [w] });
  });
  return (
    <>
      {groups.map((g) => (
        <div key={g.group}>
          {timer ? <p className="mt-1 font-sans font-medium text-slate-500">{GROUP[g.group].title}</p> : null}
          <ol className="space-y-1" data-testid={GROUP[g.group].testId}>
            {g.ops.map((op, i) => (
              <li key={i}>
                <span className="text-slate-400">{g.start + i + 1}.</span>{" "}
                <span className="text-slate-600">{op.label}</span>
                <pre className="ml-5 whitespace-pre-wrap break-all text-slate-900">{op.wire.join("\n")}</pre>
                {op.cut ? (
                  <p className="ml-5 font-sans text-slate-500">
                    … {op.cut.toLocaleString("en")} more characters{" "}
                    {full ? (
                      <button type="button" className="text-sky-700 hover:underline" onClick={() => full(g.start + i)}>
                        show all
                      </button>
                    ) : null}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </div>
      ))}
    </>
  );
}
