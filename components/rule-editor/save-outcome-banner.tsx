"use client";

import Link from "next/link";
import type { PlacedIssue, SaveOutcome } from "./save-outcome";

type Props = {
  outcome: SaveOutcome | null;
  baseRevision: number;
  historyHref: string;
  /** The push page: a saved revision is only on the routers once pushed, so the banner offers the preview. */
  pushHref?: string;
  onOpenIssue: (issue: PlacedIssue) => void;
  onOverwrite: (revision: number) => void;
  onDismiss: () => void;
};

/** What the last save said, in words, with the way forward: review the newer revision, or open each problem. */
export function SaveOutcomeBanner({
  outcome,
  baseRevision,
  historyHref,
  pushHref,
  onOpenIssue,
  onOverwrite,
  onDismiss,
}: Props) {
  if (!outcome) return null;
  if (outcome.kind === "saved") {
    return (
      <div
        role="status"
        data-testid="save-outcome"
        className="flex items-center justify-between rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
      >
        <span>
          Saved as revision {outcome.revision}.{pushHref ? " Routers run it only once it is pushed." : ""}
        </span>
        <span className="flex items-center gap-3">
          {pushHref ? (
            <Link
              href={pushHref}
              className="rounded-md bg-emerald-700 px-2 py-1 text-xs font-medium text-white hover:bg-emerald-800"
              data-testid="offer-preview-push"
            >
              Preview push
            </Link>
          ) : null}
          <button type="button" className="text-xs underline" onClick={onDismiss}>
            Dismiss
          </button>
        </span>
      </div>
    );
  }
  return (
    <div
      role="alert"
      data-testid="save-outcome"
      className="space-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
    >
      <div className="flex items-start justify-between gap-4">
        <p>{outcome.message}</p>
        <button type="button" className="shrink-0 text-xs underline" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      {outcome.kind === "stale" ? (
        <div className="flex flex-wrap items-center gap-3 text-xs">
          <Link
            href={`${historyHref}?from=${baseRevision}&to=${outcome.currentRevision}`}
            className="font-medium text-red-900 underline"
            target="_blank"
            data-testid="stale-history-link"
          >
            See what changed since your revision {baseRevision} (opens in a new tab)
          </Link>
          <span className="text-red-700">Your edits are still here, unsaved.</span>
          <button
            type="button"
            className="rounded border border-red-300 bg-white px-2 py-0.5 text-red-800 hover:bg-red-100"
            onClick={() => {
              if (
                window.confirm(
                  `Save your version over revision ${outcome.currentRevision}? The other change stays in the history, but this save replaces its content.`,
                )
              )
                onOverwrite(outcome.currentRevision);
            }}
          >
            Save mine over revision {outcome.currentRevision}
          </button>
        </div>
      ) : null}
      {outcome.kind === "invalid" && outcome.issues.length > 0 ? (
        <ul className="max-h-40 space-y-0.5 overflow-y-auto text-xs" data-testid="save-issues">
          {outcome.issues.map((issue, i) => (
            <li key={i}>
              {issue.ruleId ? (
                <button type="button" className="font-medium underline" onClick={() => onOpenIssue(issue)}>
                  Rule #{issue.position}
                </button>
              ) : issue.list ? (
                <button type="button" className="font-medium underline" onClick={() => onOpenIssue(issue)}>
                  List {issue.list}
                </button>
              ) : (
                <span className="font-medium">{issue.path || "rule set"}</span>
              )}
              : {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
