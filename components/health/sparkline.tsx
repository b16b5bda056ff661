/** Tiny latency trend; gaps (failed polls) break the line and show as red ticks. */
export function Sparkline({
  values,
  width = 120,
  height = 24,
}: {
  values: (number | null)[];
  width?: number;
  height?: number;
}) {
  if (values.length < 2) return <span className="text-xs text-slate-400">—</span>;
  const max = Math.max(1, ...values.filter((v): v is number => v != null));
  const step = width / (values.length - 1);
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  const segments: string[] = [];
  let current = "";
  values.forEach((v, i) => {
    if (v == null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    current += `${current ? "L" : "M"}${(i * step).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) segments.push(current);
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`latency trend, max ${max} ms`}
      className="overflow-visible"
    >
      {segments.map((d, i) => (
        <path key={i} d={d} fill="none" stroke="#0284c7" strokeWidth={1.25} />
      ))}
      {values.map((v, i) =>
        v == null ? (
          <line key={i} x1={i * step} x2={i * step} y1={height - 6} y2={height} stroke="#dc2626" strokeWidth={1.5} />
        ) : null,
      )}
    </svg>
  );
}
