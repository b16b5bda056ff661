import { describeRule } from "@/lib/rules/describe";
import { NatChanges } from "./nat-changes";
import type { RuleSetDiff } from "@/lib/rules/diff";
import type { Rule, RuleSetContent } from "@/lib/rules/schema";
import { AddressListChanges } from "./address-list-changes";

type Row =
  | { kind: "added"; at: number; rule: Rule }
  | { kind: "removed"; at: number; rule: Rule }
  | {
      kind: "kept";
      at: number;
      rule: Rule;
      movedFrom: number | null;
      changes: RuleSetDiff["rulesChanged"][number]["changes"];
    };

const marker = {
  added: { sign: "+", word: "added", row: "bg-emerald-50", text: "text-emerald-800", bar: "border-l-emerald-500" },
  removed: {
    sign: "−",
    word: "removed",
    row: "bg-red-50",
    text: "text-red-800 line-through decoration-red-300",
    bar: "border-l-red-500",
  },
  changed: { sign: "~", word: "changed", row: "bg-amber-50/60", text: "text-slate-800", bar: "border-l-amber-500" },
  moved: { sign: "↕", word: "moved", row: "bg-sky-50/60", text: "text-slate-800", bar: "border-l-sky-500" },
  same: { sign: "", word: "", row: "", text: "text-slate-500", bar: "border-l-transparent" },
} as const;

/**
 * The rule-level diff in the after-order, removed rules shown where they used to sit. Unchanged rules are folded
 * into a count so the changes stand out; every change has a word as well as a colour.
 */
export function RuleDiff({
  diff,
  before,
  after,
}: {
  diff: RuleSetDiff;
  before: RuleSetContent;
  after: RuleSetContent;
}) {
  const rows = buildRows(diff, before, after);
  const changedRows = rows.filter((r) => r.kind !== "kept" || r.movedFrom !== null || r.changes.length > 0);
  const unchanged = rows.length - changedRows.length;

  return (
    <div className="space-y-4" data-testid="rule-diff">
      {changedRows.length === 0 ? (
        <p className="text-sm text-slate-500">No rule changes{unchanged ? ` (${unchanged} rules identical)` : ""}.</p>
      ) : (
        <ol className="divide-y divide-slate-100 overflow-hidden rounded-md border border-slate-200 text-sm">
          {rows.map((r) => {
            const moved = r.kind === "kept" && r.movedFrom !== null;
            const changed = r.kind === "kept" && r.changes.length > 0;
            if (r.kind === "kept" && !moved && !changed) return null;
            const m =
              r.kind === "added"
                ? marker.added
                : r.kind === "removed"
                  ? marker.removed
                  : changed
                    ? marker.changed
                    : marker.moved;
            return (
              <li
                key={`${r.kind}-${r.rule.id}`}
                className={`border-l-4 px-3 py-2 ${m.row} ${m.bar}`}
                data-diff={r.kind === "kept" ? (changed ? "changed" : "moved") : r.kind}
              >
                <div className="flex items-baseline gap-3">
                  <span className="w-10 shrink-0 font-mono text-xs tabular-nums text-slate-500">
                    {r.kind === "removed" ? "" : `#${r.at + 1}`}
                  </span>
                  <span
                    className={`w-20 shrink-0 whitespace-nowrap text-xs font-semibold uppercase tracking-wide ${r.kind === "added" ? "text-emerald-700" : r.kind === "removed" ? "text-red-700" : changed ? "text-amber-700" : "text-sky-700"}`}
                  >
                    {m.sign} {m.word}
                  </span>
                  <span className={`min-w-0 flex-1 ${m.text}`}>
                    {describeRule(r.rule)}
                    {!r.rule.enabled ? (
                      <span className="ml-2 rounded bg-slate-200 px-1 text-[11px] text-slate-600">disabled</span>
                    ) : null}
                    {r.rule.comment ? <span className="ml-2 text-xs text-slate-500">— {r.rule.comment}</span> : null}
                  </span>
                  {moved ? (
                    <span className="shrink-0 text-xs text-sky-800">
                      moved from #{r.movedFrom! + 1} to #{r.at + 1}
                    </span>
                  ) : null}
                  {r.kind === "removed" ? <span className="shrink-0 text-xs text-red-700">was #{r.at + 1}</span> : null}
                </div>
                {changed ? (
                  <dl className="mt-1 ml-[9rem] grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
                    {r.changes.map((c) => (
                      <div key={c.path} className="contents">
                        <dt className="text-slate-500">{c.label}</dt>
                        <dd>
                          <del className="rounded bg-red-100 px-1 text-red-800 decoration-red-400">
                            {c.oldText || "(empty)"}
                          </del>
                          <span className="mx-1.5 text-slate-400" aria-label="becomes">
                            →
                          </span>
                          <ins className="rounded bg-emerald-100 px-1 text-emerald-900 no-underline">
                            {c.newText || "(empty)"}
                          </ins>
                        </dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {changedRows.length > 0 && unchanged > 0 ? (
        <p className="text-xs text-slate-500">
          {unchanged} other rule{unchanged === 1 ? "" : "s"} unchanged.
        </p>
      ) : null}
      {diff.addressLists.length > 0 ? <AddressListChanges lists={diff.addressLists} /> : null}
      {diff.nat ? <NatChanges nat={diff.nat} /> : null}
    </div>
  );
}

/** After-order rows, with each removed rule placed just before the surviving rule that followed it in the old order. */
function buildRows(diff: RuleSetDiff, before: RuleSetContent, after: RuleSetContent): Row[] {
  const movedFrom = new Map(diff.rulesMoved.map((m) => [m.id, m.from]));
  const changes = new Map(diff.rulesChanged.map((c) => [c.id, c.changes]));
  const added = new Set(diff.rulesAdded.map((a) => a.id));
  const rows: Row[] = after.rules.map((rule, at) =>
    added.has(rule.id)
      ? { kind: "added", at, rule }
      : { kind: "kept", at, rule, movedFrom: movedFrom.get(rule.id) ?? null, changes: changes.get(rule.id) ?? [] },
  );
  const removed = new Set(diff.rulesRemoved.map((r) => r.id));
  for (const r of [...diff.rulesRemoved].sort((a, b) => b.index - a.index)) {
    const next = before.rules.slice(r.index + 1).find((x) => !removed.has(x.id));
    const at = next ? rows.findIndex((row) => row.kind !== "removed" && row.rule.id === next.id) : -1;
    rows.splice(at === -1 ? rows.length : at, 0, { kind: "removed", at: r.index, rule: r.rule });
  }
  return rows;
}
