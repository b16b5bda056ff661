import type { DiffSummary } from "@/lib/rules/diff";

/** "+2 −1 ~3 ↕1" with words for screen readers; colour is never the only signal. */
export function ChangeCounts({ summary }: { summary: DiffSummary | null }) {
  if (!summary) return <span className="whitespace-nowrap text-xs text-slate-400">first revision</span>;
  if (summary.identical) return <span className="whitespace-nowrap text-xs text-slate-400">no rule changes</span>;
  const entries = summary.entriesAdded + summary.entriesRemoved + summary.entryCommentsChanged;
  const lists = summary.listsAdded + summary.listsRemoved;
  const parts: { key: string; text: string; title: string; tone: string }[] = [
    { key: "a", text: `+${summary.rulesAdded}`, title: `${summary.rulesAdded} added`, tone: "text-emerald-700" },
    { key: "r", text: `−${summary.rulesRemoved}`, title: `${summary.rulesRemoved} removed`, tone: "text-red-700" },
    { key: "c", text: `~${summary.rulesChanged}`, title: `${summary.rulesChanged} changed`, tone: "text-amber-700" },
    { key: "m", text: `↕${summary.rulesMoved}`, title: `${summary.rulesMoved} moved`, tone: "text-sky-700" },
  ].filter((_, i) => [summary.rulesAdded, summary.rulesRemoved, summary.rulesChanged, summary.rulesMoved][i] > 0);
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 font-mono text-xs tabular-nums">
      {parts.map((p) => (
        <span key={p.key} className={p.tone} title={`rules ${p.title}`}>
          {p.text}
          <span className="sr-only"> rules {p.title}</span>
        </span>
      ))}
      {lists + entries + summary.listsChanged > 0 ? (
        <span className="font-sans text-slate-500" title="address lists changed">
          lists {summary.listsAdded + summary.listsRemoved + summary.listsChanged}
        </span>
      ) : null}
      {summary.natChanges ? (
        <span className="font-sans text-slate-500" title="NAT rules changed">
          NAT {summary.natChanges}
        </span>
      ) : null}
    </span>
  );
}
