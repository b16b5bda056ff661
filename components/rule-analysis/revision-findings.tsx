"use client";

import { useEffect, useState } from "react";
import { apiCall } from "@/components/push/api-fetch";
import { BADGE_LABEL, summarizeCounts } from "@/lib/analysis/finding-view";
import type { AnalysisResponse } from "@/lib/analysis/schemas";
import { BADGE_TONE } from "./finding-badges";

type State = { state: "loading" } | { state: "ok"; data: AnalysisResponse } | { state: "error"; message: string };
const SHOWN = 6;

/** The push preview's analysis of the revision about to be pushed, and whether the push guard will refuse it. */
export function RevisionFindings({
  ruleSetId,
  revision,
  blockOnConflicts,
}: {
  ruleSetId: string;
  revision: number;
  blockOnConflicts: boolean;
}) {
  const [s, setS] = useState<State>({ state: "loading" });
  const [all, setAll] = useState(false);
  // Another revision: back to "loading" in this render, so the old revision's findings never show under the new number.
  const [shownFor, setShownFor] = useState({ ruleSetId, revision });
  if (shownFor.ruleSetId !== ruleSetId || shownFor.revision !== revision) {
    setShownFor({ ruleSetId, revision });
    setS({ state: "loading" });
  }
  useEffect(() => {
    let live = true;
    apiCall<AnalysisResponse>("POST", "/api/v1/analysis", { ruleSetId, revision }).then((r) => {
      if (live) setS(r.ok ? { state: "ok", data: r.data } : { state: "error", message: r.message });
    });
    return () => void (live = false);
  }, [ruleSetId, revision]);

  if (s.state === "loading")
    return (
      <p className="text-xs text-slate-400" data-testid="revision-findings">
        Analysing revision #{revision}…
      </p>
    );
  if (s.state === "error")
    return (
      <p className="text-xs text-red-700" data-testid="revision-findings">
        Analysis failed: {s.message}
      </p>
    );
  const { findings, counts } = s.data;
  const blocked = blockOnConflicts && counts.conflict > 0;
  const ordered = [...findings].sort((a, b) =>
    a.severity === b.severity ? a.position - b.position : a.severity === "error" ? -1 : 1,
  );
  const shown = all ? ordered : ordered.slice(0, SHOWN);
  return (
    <div
      className={`space-y-1.5 rounded-md border px-3 py-2 text-xs ${blocked ? "border-red-300 bg-red-50" : findings.length ? "border-amber-200 bg-amber-50/50" : "border-slate-200 bg-white"}`}
      data-testid="revision-findings"
      data-blocked={blocked || undefined}
    >
      <p className="text-slate-700">
        <span className="font-medium">Analysis of #{revision}:</span>{" "}
        {findings.length === 0 ? "no shadowed or redundant rules." : `${summarizeCounts(counts)}.`}
        {blocked ? (
          <strong className="ml-1 text-red-800" role="alert">
            Pushes of rule sets with conflicts are blocked (Settings → Push): previews and pushes of this revision will
            be refused.
          </strong>
        ) : counts.conflict > 0 ? (
          <span className="ml-1 text-slate-500">
            Conflicts do not block pushes here; an admin can change that in Settings.
          </span>
        ) : null}
      </p>
      {shown.length ? (
        <ul className="space-y-0.5">
          {shown.map((f, i) => (
            <li key={i} className="flex items-baseline gap-1.5">
              <span className={`shrink-0 rounded px-1 py-px font-medium ring-1 ring-inset ${BADGE_TONE[f.badge]}`}>
                {BADGE_LABEL[f.badge]}
              </span>
              <span>{f.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {ordered.length > SHOWN ? (
        <button type="button" className="text-sky-700 hover:underline" onClick={() => setAll(!all)}>
          {all ? "Show fewer" : `Show all ${ordered.length}`}
        </button>
      ) : null}
    </div>
  );
}
