/** Dates render the same on server and client (UTC, ISO-like), so hydration never mismatches. */
export function formatDateTime(d: Date | string): string {
  const date = typeof d === "string" ? new Date(d) : d;
  return date.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}
