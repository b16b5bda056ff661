import { db } from "@/lib/db/client";
import { alertSettingsSchema, type AlertSettings } from "./types";

const KEY = "alerts.settings";
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { throttleMinutes: 15 };

export async function loadAlertSettings(): Promise<AlertSettings> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  if (!row) return DEFAULT_ALERT_SETTINGS;
  try {
    const parsed = alertSettingsSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
  } catch {
    return DEFAULT_ALERT_SETTINGS;
  }
}

export async function saveAlertSettings(s: AlertSettings): Promise<void> {
  const value = JSON.stringify(alertSettingsSchema.parse(s));
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
