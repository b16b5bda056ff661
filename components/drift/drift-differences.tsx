import type { DriftDifference } from "@/lib/drift/schemas";

const WORDS: Record<DriftDifference["kind"], { word: string; bar: string }> = {
  changed: { word: "changed on the router", bar: "border-l-amber-500 bg-amber-50/60" },
  missing: { word: "missing on the router", bar: "border-l-red-500 bg-red-50" },
  extra: { word: "extra on the router", bar: "border-l-sky-500 bg-sky-50/60" },
  reordered: { word: "reordered on the router", bar: "border-l-slate-400 bg-slate-50" },
};

/** What differs between the router now and the last push, each changed field with both values. */
export function DriftDifferences({ differences }: { differences: DriftDifference[] }) {
  if (differences.length === 0) return <p className="text-sm text-slate-500">No differences.</p>;
  return (
    <ol
      className="divide-y divide-slate-100 overflow-hidden rounded-md border border-slate-200 text-sm"
      data-testid="drift-differences"
    >
      {differences.map((d, i) => (
        <li key={i} className={`border-l-4 px-3 py-2 ${WORDS[d.kind].bar}`} data-kind={d.kind}>
          <div>
            <span className="font-medium">{WORDS[d.kind].word}</span>
            {d.rule ? (
              <span className="ml-2 text-slate-800" data-testid="drift-rule">
                {d.rule}
              </span>
            ) : null}
            <span className="ml-2 text-slate-600">{d.description}</span>
          </div>
          {d.fields.length ? (
            <table className="mt-1 text-xs">
              <thead>
                <tr className="text-slate-500">
                  <th className="pr-4 text-left font-normal">field</th>
                  <th className="pr-4 text-left font-normal">on the router</th>
                  <th className="text-left font-normal">last pushed</th>
                </tr>
              </thead>
              <tbody>
                {d.fields.map((f) => (
                  <tr key={f.field} data-field={f.field}>
                    <td className="pr-4 font-mono">{f.field}</td>
                    <td className="pr-4 font-mono text-amber-800">{f.onRouter || "(not set)"}</td>
                    <td className="font-mono text-slate-700">{f.pushed || "(not set)"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
