"use client";

import { useNow } from "@/components/ui/use-now";
import type { SeriesPoint } from "@/lib/health/queries";

const W = 720;
const H = 180;
const PAD = { l: 56, r: 8, t: 10, b: 22 };

/**
 * Latency over time with its axis in ms; failed polls are red marks on the baseline. Plain SVG, no library.
 * The time axis ends at the browser's clock, so the server render (and hydration) draws the frame only.
 */
export function LatencyChart({ points, range }: { points: SeriesPoint[]; range: "hour" | "day" }) {
  const clock = useNow();
  const now = clock ?? 0;
  const span = range === "hour" ? 3600_000 : 86400_000;
  const t0 = now - span;
  const lat = points.filter((p) => p.latencyMs != null).map((p) => p.latencyMs!);
  const max = niceMax(Math.max(10, ...lat));
  const x = (t: number) => PAD.l + ((t - t0) / span) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - v / max) * (H - PAD.t - PAD.b);
  let d = "";
  let pen = false;
  for (const p of clock == null ? [] : points) {
    if (p.latencyMs == null) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${x(Date.parse(p.t)).toFixed(1)},${y(p.latencyMs).toFixed(1)}`;
    pen = true;
  }
  const ticks = [0, max / 2, max];
  const hours = range === "hour" ? [60, 45, 30, 15, 0] : [24, 18, 12, 6, 0];
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="w-full"
      role="img"
      aria-label={`latency over the last ${range}`}
      data-testid="latency-chart"
    >
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
          <text x={PAD.l - 6} y={y(v) + 3} textAnchor="end" fontSize={10} fill="#64748b">
            {Math.round(v)} ms
          </text>
        </g>
      ))}
      {clock == null
        ? null
        : hours.map((h) => {
            const t = now - h * (range === "hour" ? 60_000 : 3600_000);
            return (
              <text key={h} x={x(t)} y={H - 6} textAnchor="middle" fontSize={10} fill="#64748b">
                {h === 0 ? "now" : `-${h}${range === "hour" ? "m" : "h"}`}
              </text>
            );
          })}
      <path d={d} fill="none" stroke="#0284c7" strokeWidth={1.5} />
      {(clock == null ? [] : points)
        .filter((p) => p.upRatio < 1)
        .map((p) => (
          <rect
            key={p.t}
            x={x(Date.parse(p.t)) - 1}
            y={H - PAD.b - 6}
            width={2}
            height={6}
            fill="#dc2626"
            opacity={1 - p.upRatio * 0.7}
          />
        ))}
      {points.length === 0 ? (
        <text x={W / 2} y={H / 2} textAnchor="middle" fontSize={12} fill="#94a3b8">
          no samples yet
        </text>
      ) : null}
    </svg>
  );
}

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
