"use client";

import { useEffect, useRef, useState } from "react";
import { ActionBadge } from "@/components/rule-editor/action-badge";
import type { PacketTestView } from "@/lib/analysis/schemas";

const VERDICT: Record<PacketTestView["verdict"], { word: string; tone: string }> = {
  accept: { word: "Accepted", tone: "border-emerald-200 bg-emerald-50 text-emerald-900" },
  drop: { word: "Dropped", tone: "border-red-200 bg-red-50 text-red-900" },
  reject: { word: "Rejected", tone: "border-red-200 bg-red-50 text-red-900" },
};
const SHOWN = 8;

/** The verdict, the deciding rule, and why each earlier rule of the chain did not match. */
export function PacketResult({ view, onGoTo }: { view: PacketTestView; onGoTo?: (ruleId: string) => void }) {
  const [all, setAll] = useState(false);
  const verdictRef = useRef<HTMLParagraphElement>(null);
  // The form above the answer is taller than a phone's screen: bring each new answer into view (a no-op when it
  // already is, so a wide screen never moves).
  useEffect(() => {
    verdictRef.current?.scrollIntoView({ block: "nearest" });
  }, [view]);
  const passed = view.trace.filter((s) => !s.matched);
  const shown = all ? passed : passed.slice(0, SHOWN);
  const v = VERDICT[view.verdict];
  const ruleLink = (ruleId: string, position: number) =>
    onGoTo ? (
      <button
        type="button"
        className="font-medium underline decoration-dotted underline-offset-2"
        onClick={() => onGoTo(ruleId)}
      >
        rule #{position}
      </button>
    ) : (
      <span className="font-medium">rule #{position}</span>
    );
  return (
    <div
      className="space-y-2"
      data-testid="packet-result"
      data-verdict={view.verdict}
      data-decided-by={view.decidedBy?.ruleId ?? "default-policy"}
    >
      {view.dstNat ? (
        <p
          className="rounded border border-sky-200 bg-sky-50 px-2.5 py-1.5 text-sm text-sky-900"
          data-testid="packet-dstnat"
        >
          {view.dstNat.matched ? (
            <>
              <strong>Port forward</strong> NAT #{view.dstNat.matched.position}: destination {view.dstNat.matched.from}{" "}
              becomes {view.dstNat.matched.to}; the filter then sees it on the forward chain.
            </>
          ) : (
            <>No port forward matched: the destination is unchanged.</>
          )}
          {view.dstNat.undecided?.length ? <RawNatNote positions={view.dstNat.undecided} /> : null}
        </p>
      ) : null}
      <p ref={verdictRef} className={`rounded border px-2.5 py-1.5 text-sm ${v.tone}`} data-testid="packet-verdict">
        <strong>{v.word}</strong>{" "}
        {view.decidedBy ? (
          <>
            by {ruleLink(view.decidedBy.ruleId, view.decidedBy.position)}: {view.decidedBy.description}
            {view.decidedBy.comment ? <span className="opacity-70"> ({view.decidedBy.comment})</span> : null}
          </>
        ) : (
          <>
            by the {view.chain} chain&apos;s default policy ({view.defaultPolicy}): no rule matched
          </>
        )}
      </p>
      {view.srcNat?.matched || view.srcNat?.undecided?.length ? (
        <p className="text-xs text-slate-600" data-testid="packet-srcnat">
          {view.srcNat.matched ? (
            <>
              Leaving: source NAT #{view.srcNat.matched.position} rewrites the source {view.srcNat.matched.from} to{" "}
              {view.srcNat.matched.to}.
            </>
          ) : (
            <>Leaving: no source NAT rule the tester can decide matched.</>
          )}
          {view.srcNat.undecided?.length ? <RawNatNote positions={view.srcNat.undecided} /> : null}
        </p>
      ) : null}
      {view.decidedBy?.assumptions?.length ? (
        <p className="text-xs text-amber-800" data-testid="packet-assumptions">
          {view.decidedBy.assumptions.join("; ")}
        </p>
      ) : null}
      {passed.length ? (
        <div className="text-xs text-slate-600">
          <p className="mb-1 font-medium text-slate-700">
            {passed.length === 1 ? "1 earlier rule" : `${passed.length} earlier rules`} of the {view.chain} chain did
            not match:
          </p>
          <ol className="space-y-0.5" data-testid="packet-trace">
            {shown.map((s) => (
              <li
                key={s.ruleId}
                className="grid grid-cols-[3.25rem_3.5rem_minmax(0,1fr)] items-baseline gap-x-2"
                data-rule-id={s.ruleId}
              >
                <span className="tabular-nums text-slate-500">
                  {onGoTo ? (
                    <button type="button" className="hover:underline" onClick={() => onGoTo(s.ruleId)}>
                      #{s.position}
                    </button>
                  ) : (
                    `#${s.position}`
                  )}
                </span>
                <span>
                  <ActionBadge action={s.action} />
                </span>
                <span className="min-w-0">
                  <span className="text-slate-400">{s.description} — </span>
                  {s.reasons.join("; ")}
                </span>
              </li>
            ))}
          </ol>
          {passed.length > SHOWN ? (
            <button type="button" className="mt-1 text-sky-700 hover:underline" onClick={() => setAll(!all)}>
              {all ? "Show fewer" : `Show all ${passed.length}`}
            </button>
          ) : null}
        </div>
      ) : view.decidedBy ? (
        <p className="text-xs text-slate-500">It is the first rule of the {view.chain} chain this packet meets.</p>
      ) : (
        <p className="text-xs text-slate-500">The {view.chain} chain has no enabled rules.</p>
      )}
    </div>
  );
}

/** Raw NAT rules met before the answer: the tester cannot decide them, so it says the answer is conditional. */
function RawNatNote({ positions }: { positions: number[] }) {
  return (
    <span className="block text-amber-800" data-testid="packet-nat-undecided">
      Unless raw NAT rule{positions.length === 1 ? "" : "s"} {positions.map((p) => `#${p}`).join(", ")} matched first:
      the tester cannot decide {positions.length === 1 ? "it" : "them"}.
    </span>
  );
}
