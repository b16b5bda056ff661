import type { NatDiff } from "@/lib/rules/diff-nat";

/** NAT rules added, removed, changed and moved between two revisions, one sentence per rule. */
export function NatChanges({ nat }: { nat: NatDiff }) {
  return (
    <section className="space-y-1 text-sm" data-testid="nat-diff">
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">NAT rules</h3>
      <ul className="space-y-0.5">
        {nat.added.map((a) => (
          <li key={`a${a.id}`} className="text-emerald-800">
            + NAT #{a.index + 1} {a.text}
          </li>
        ))}
        {nat.removed.map((r) => (
          <li key={`r${r.id}`} className="text-red-800 line-through">
            − NAT #{r.index + 1} {r.text}
          </li>
        ))}
        {nat.changed.map((c) => (
          <li key={`c${c.id}`} className="text-amber-900">
            ~ NAT #{c.index + 1} {c.oldText} → {c.newText}
          </li>
        ))}
        {nat.moved.map((m) => (
          <li key={`m${m.id}`} className="text-sky-800">
            ↕ NAT #{m.from + 1} moved to #{m.to + 1}
          </li>
        ))}
      </ul>
    </section>
  );
}
