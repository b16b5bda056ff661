import { z } from "zod";

/** Router replies are a boundary: rows are checked before anything reads them. */
export const rosRowSchema = z.record(z.string(), z.string());

const ITEM_ID = /^\*[0-9A-F]+$/i;

/**
 * A row of a menu's items: every value a string and a valid `.id`. Checked by hand, not with a zod record: that
 * copied every row, and a print of 2,000 rules spent ~14 ms in it (a push reads them three times per router).
 */
export function isRosItemRow(r: unknown): r is Record<string, string> {
  if (typeof r !== "object" || r === null || Array.isArray(r)) return false;
  for (const v of Object.values(r)) if (typeof v !== "string") return false;
  const id = (r as Record<string, unknown>)[".id"];
  return typeof id === "string" && ITEM_ID.test(id);
}

export const resourceRowSchema = z.object({
  version: z.string(),
  "board-name": z.string().optional(),
  uptime: z.string().optional(),
  "cpu-load": z.string().optional(),
});
export const identityRowSchema = z.object({ name: z.string() });

/** "1w2d3h4m5s" -> seconds (weeks appear as `w`, docs/routeros-api-protocol.md §7). */
export function parseUptime(text: string | undefined): number | null {
  if (!text || !/^(\d+[wdhms])+$/.test(text)) return null;
  const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const m of text.matchAll(/(\d+)([wdhms])/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}
