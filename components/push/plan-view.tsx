import type { StoredPlan } from "@/lib/push/schemas";

const KIND = {
  add: { word: "add", cls: "text-emerald-700", bar: "border-l-emerald-500 bg-emerald-50" },
  change: { word: "change", cls: "text-amber-700", bar: "border-l-amber-500 bg-amber-50/60" },
  remove: { word: "remove", cls: "text-red-700", bar: "border-l-red-500 bg-red-50" },
  move: { word: "move", cls: "text-sky-700", bar: "border-l-sky-500 bg-sky-50/60" },
} as const;

/**
 * The plan as a person checks it: changes first (field by field), what the compile had to say, then the exact
 * operations that will go over the wire, folded. Items Rampart does not manage are never in a plan.
 */
export function PlanView({ plan }: { plan: StoredPlan }) {
  const c = plan.counts;
  return (
    <div className="space-y-3 text-sm" data-testid="plan-view">
      <p className="text-xs text-slate-600" data-testid="plan-counts">
        {plan.ops.length === 0 ? (
          "In sync: the router already holds exactly this revision. Pushing changes nothing on it."
        ) : (
          <>
            <span className="text-emerald-700">+{c.add} added</span> · <span className="text-amber-700">~{c.change} changed</span> · <span className="text-red-700">−{c.remove} removed</span> ·{" "}
            <span className="text-sky-700">↕{c.move} moved</span> · {plan.ops.length} operation{plan.ops.length === 1 ? "" : "s"}.{" "}
            {plan.claimed?.length ? (
              <span data-testid="plan-takeover">
                {plan.claimed.length} of the router&apos;s own item{plan.claimed.length === 1 ? " is" : "s are"} taken over in place (marked as Rampart&apos;s, not copied).{" "}
              </span>
            ) : null}
            Rules not managed by Rampart stay as they are, in place.
          </>
        )}
      </p>
      {plan.changes.length > 0 ? (
        <ol className="divide-y divide-slate-100 overflow-hidden rounded-md border border-slate-200">
          {plan.changes.map((ch, i) => (
            <li key={i} className={`border-l-4 px-3 py-1.5 ${KIND[ch.kind].bar}`} data-change={ch.kind}>
              <span className={`mr-2 inline-block w-14 text-xs font-semibold uppercase ${KIND[ch.kind].cls}`}>{KIND[ch.kind].word}</span>
              <span>{ch.description}</span>
              {ch.fields?.length ? (
                <ul className="ml-16 mt-1 space-y-0.5 text-xs">
                  {ch.fields.map((f) => (
                    <li key={f.field}>
                      <span className="font-mono text-slate-600">{f.field}</span>: <span className="text-red-700 line-through decoration-red-300">{f.old || "—"}</span> →{" "}
                      <span className="text-emerald-800">{f.new || "—"}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {plan.notes.length > 0 ? (
        <ul className="space-y-1 rounded-md bg-sky-50 px-3 py-2 text-xs text-sky-900" data-testid="compile-notes">
          {plan.notes.map((n, i) => (
            <li key={i}>
              <span className="font-medium">{n.rule ?? "A rule"}</span>: {n.message}
            </li>
          ))}
        </ul>
      ) : null}
      {plan.ops.length > 0 ? (
        <details className="rounded-md border border-slate-200">
          <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium text-slate-700">
            Exact operations sent to the router ({plan.ops.length + (plan.timerWrites ? plan.timerWrites.arm.length + plan.timerWrites.confirm.length : 0)})
          </summary>
          <div className="max-h-96 overflow-auto border-t border-slate-100 px-3 py-2 font-mono text-[11px] leading-relaxed">
            {plan.timerWrites ? <WriteList title="First, the revert timer" ops={plan.timerWrites.arm} start={0} testId="plan-timer-arm" /> : null}
            <WriteList title={plan.timerWrites ? "Then the change" : null} ops={plan.ops} start={plan.timerWrites?.arm.length ?? 0} testId="plan-ops" />
            {plan.timerWrites ? (
              <WriteList title="After the read-back matches, the timer is removed" ops={plan.timerWrites.confirm} start={plan.timerWrites.arm.length + plan.ops.length} testId="plan-timer-confirm" />
            ) : null}
          </div>
        </details>
      ) : null}
    </div>
  );
}

/** One group of writes, numbered on from `start` so the whole push reads as one list. */
function WriteList({ title, ops, start, testId }: { title: string | null; ops: { label: string; wire: string[] }[]; start: number; testId: string }) {
  return (
    <>
      {title ? <p className="mt-1 font-sans font-medium text-slate-500">{title}</p> : null}
      <ol className="space-y-1" data-testid={testId}>
        {ops.map((op, i) => (
          <li key={i}>
            <span className="text-slate-400">{start + i + 1}.</span> <span className="text-slate-600">{op.label}</span>
            <pre className="ml-5 whitespace-pre-wrap break-all text-slate-900">{op.wire.join("\n")}</pre>
          </li>
        ))}
      </ol>
    </>
  );
}
