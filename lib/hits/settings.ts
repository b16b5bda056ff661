import { db } from "@/lib/db/client";
import { hitSettingsSchema, type HitSettings } from "./schemas";

const KEY = "hits.unusedDays";
export const DEFAULT_HIT_SETTINGS: HitSettings = { unusedDays: 30 };

export async function loadHitSettings(): Promise<HitSettings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  let raw: unknown = null;
  try {
    raw = row ? JSON.parse(row.value) : null;
  } catch {
    // a hand-edited row that is not JSON reads as the default
  }
  const parsed = hitSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_HIT_SETTINGS;
}

export async function saveHitSettings(s: HitSettings): Promise<void> {
  const value = JSON.stringify(hitSettingsSchema.parse(s));
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

/** The unused-rule window as people read it: "1 day", "30 days". */
export function unusedWindowText(s: HitSettings): string {
  return `${s.unusedDays} day${s.unusedDays === 1 ? "" : "s"}`;
}

/** The audit log's line for a change of this setting (API and settings page alike). */
export function hitSettingsSummary(s: HitSettings): string {
  return `Rules without hits for ${unusedWindowText(s)} are flagged unused`;
}
