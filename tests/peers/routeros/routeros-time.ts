import { versionAtLeast } from "./peer-state";

/** Time and date texts as RouterOS prints and accepts them (docs/routeros-api-protocol.md §7). The peer's clock runs in UTC. */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** "1w2d3h4m5s", "5m", "0s", "00:05:00", "1d00:00:10" -> milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  const clock = /^(?:(\d+)d)?(\d{1,2}):(\d{2}):(\d{2})$/.exec(t);
  if (clock)
    return ((Number(clock[1] ?? 0) * 24 + Number(clock[2])) * 3600 + Number(clock[3]) * 60 + Number(clock[4])) * 1000;
  if (!/^(\d+(ms|w|d|h|m|s))+$/.test(t)) return /^\d+$/.test(t) ? Number(t) * 1000 : null;
  const unit: Record<string, number> = { ms: 1, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
  let total = 0;
  for (const m of t.matchAll(/(\d+)(ms|w|d|h|m|s)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}

export function formatDuration(ms: number): string {
  let s = Math.floor(ms / 1000);
  if (s === 0) return "0s";
  let out = "";
  for (const [u, size] of [
    ["w", 604800],
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const n = Math.floor(s / size);
    if (n) out += `${n}${u}`;
    s -= n * size;
  }
  return out;
}

/** `jul/14/2023` before 7.10, `2023-07-14` from 7.10. */
export function formatDate(ms: number, version: string): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = String(d.getUTCDate()).padStart(2, "0");
  return versionAtLeast(version, "7.10") ? `${y}-${String(m + 1).padStart(2, "0")}-${day}` : `${MONTHS[m]}/${day}/${y}`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** Accepts both date spellings whatever the version (a client may have read either). Returns UTC midnight. */
export function parseDate(text: string): number | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
  const old = /^([a-z]{3})\/(\d{2})\/(\d{4})$/i.exec(text);
  if (old && MONTHS.includes(old[1].toLowerCase()))
    return Date.UTC(Number(old[3]), MONTHS.indexOf(old[1].toLowerCase()), Number(old[2]));
  return null;
}

export function parseTimeOfDay(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  return m ? (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000 : null;
}
