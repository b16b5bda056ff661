/** What an import could not bring into the rule set, one line each with its reason: never dropped silently. */
export type SkippedEntry = { ref: string; label: string; field?: string; reason: string; partial?: boolean };

export function SkippedList({
  items,
  testId,
  showRef = false,
}: {
  items: SkippedEntry[];
  testId: string;
  showRef?: boolean;
}) {
  return (
    <ul className="mt-1 list-disc pl-5 text-slate-700" data-testid={testId}>
      {items.map((s, i) => (
        <li key={`${s.ref}-${i}`}>
          {/* a uci section's label already names its ref; a script line's does not */}
          {showRef && !s.label.includes(s.ref) ? <span className="text-slate-500">{s.ref}: </span> : null}
          <span className="font-medium">{s.label}</span>
          {s.field ? <span className="font-mono text-xs"> [{s.field}]</span> : null}:{" "}
          {s.partial ? "imported without this detail, because " : ""}
          {s.reason}
        </li>
      ))}
    </ul>
  );
}
