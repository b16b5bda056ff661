import { formatDateTime } from "@/lib/format";
import type { RevisionDiff } from "@/lib/rulesets/diff-revisions";
import { ChangeCounts } from "./change-counts";
import { RuleDiff } from "./rule-diff";

/** "Revision a → revision b" with who and when on both sides, the meta changes, then the rule-level diff. */
export function RevisionDiffPanel({ value }: { value: RevisionDiff }) {
  const { from, to, diff } = value;
  return (
    <section
      className="rounded-lg border border-slate-200 bg-white shadow-xs"
      data-testid="revision-diff"
      aria-labelledby="diff-title"
    >
      <header className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <h2 id="diff-title" className="text-sm font-semibold text-slate-800">
          Revision {from.number} → revision {to.number}
        </h2>
        <ChangeCounts summary={diff.summary} />
      </header>
      <div className="space-y-4 p-4">
        <div className="grid grid-cols-2 gap-3 text-xs text-slate-600">
          <Side label="From" n={from.number} at={from.createdAt} author={from.authorLabel} message={from.message} />
          <Side label="To" n={to.number} at={to.createdAt} author={to.authorLabel} message={to.message} />
        </div>
        {value.nameChanged || value.descriptionChanged ? (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
            {value.nameChanged ? <MetaChange label="Name" old={from.name} next={to.name} /> : null}
            {value.descriptionChanged ? (
              <MetaChange label="Description" old={from.description} next={to.description} />
            ) : null}
          </dl>
        ) : null}
        {diff.summary.identical && !value.nameChanged && !value.descriptionChanged ? (
          <p className="text-sm text-slate-500">These revisions have the same rules and address lists.</p>
        ) : (
          <RuleDiff diff={diff} before={from.content} after={to.content} />
        )}
      </div>
    </section>
  );
}

function Side({
  label,
  n,
  at,
  author,
  message,
}: {
  label: string;
  n: number;
  at: Date;
  author: string;
  message: string;
}) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <div>
        <span className="font-medium text-slate-800">
          {label}: #{n}
        </span>{" "}
        · {formatDateTime(at)} · {author}
      </div>
      {message ? <div className="truncate text-slate-500">{message}</div> : null}
    </div>
  );
}

function MetaChange({ label, old, next }: { label: string; old: string; next: string }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd>
        <del className="rounded bg-red-100 px-1 text-red-800">{old || "(empty)"}</del>{" "}
        <span className="text-slate-400">→</span>{" "}
        <ins className="rounded bg-emerald-100 px-1 text-emerald-900 no-underline">{next || "(empty)"}</ins>
      </dd>
    </>
  );
}
