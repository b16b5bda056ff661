import { z } from "zod";

/** Router replies are a boundary: rows are checked before anything reads them. */
export const rosRowSchema = z.record(z.string(), z.string());
export const rosItemRowSchema = rosRowSchema.refine((r) => typeof r[".id"] === "string" && /^\*[0-9A-F]+$/i.test(r[".id"]), {
  message: "row without a valid .id",
});

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
