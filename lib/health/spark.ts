/** RouterStatus.recentLatency as numbers (null: no answer); anything unreadable starts afresh. */
export function parseSpark(text: string | null | undefined): (number | null)[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.map((x) => (typeof x === "number" ? x : null)) : [];
  } catch {
    return [];
  }
}
