import { formatDateTime } from "@/lib/format";
import type { RuleHitsView } from "@/lib/hits/schemas";

/** Counts as people read them: 1,234 / 12.3k / 4.5M. */
export function formatCount(n: number): string {
  if (n < 10_000) return n.toLocaleString("en-US");
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

const day = (iso: string) => iso.slice(0, 10);

/** The badge's short text and its full sentence (title, screen readers). */
export function hitText(h: RuleHitsView, unusedDays: number): { short: string; full: string } {
  const routers = `${h.reported} of ${h.routers} router${h.routers === 1 ? "" : "s"} reported`;
  const counted = `${formatCount(h.packets)} packets, ${formatBytes(h.bytes)} counted`;
  switch (h.state) {
    case "unknown":
      return {
        short: "hits unknown",
        full:
          h.routers === 0
            ? "Not assigned to any router: no hits to read."
            : `No router's counter read yet (${routers}). Read a router's live firewall or refresh hits.`,
      };
    case "used":
      return {
        short: `${formatCount(h.packets)} hits`,
        full: `${counted}; last hit ${h.lastHitAt ? formatDateTime(h.lastHitAt) : "unknown"}; ${routers}.`,
      };
    case "unused":
      return {
        short: `unused since ${day(h.since!)}`,
        full: `No router saw a hit since ${formatDateTime(h.since!)} (over ${unusedDays} days); ${routers}.`,
      };
    case "quiet":
      return {
        short: "no hits seen",
        full: `No hit seen since ${formatDateTime(h.since!)}, too soon or too few routers to call it unused (${unusedDays} days, every router); ${routers}.`,
      };
  }
}
