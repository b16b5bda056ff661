import { db } from "@/lib/db/client";
import { queryRows, sql } from "@/lib/db/direct-sql";
import type { RuleSetContent } from "@/lib/rules/schema";
import { runOffThread } from "@/lib/workers/pool";
import { pushGuardSettingsSchema, type PushGuardSettings } from "./schemas";

/** The admin setting "Block pushes of rule sets with conflicts", and the refusal lib/push gives when it is on. */

const KEY = "push.blockOnConflicts";
const MAX_NAMED = 3;

export async function loadPushGuard(): Promise<PushGuardSettings> {
  // Plain SQL: every preview and push asks (a fleet preview once per router).
  const [row] = await queryRows(sql`SELECT "value" FROM "Setting" WHERE "key" = ${KEY}`);
  if (!row || typeof row.value !== "string") return { blockOnConflicts: false };
  let raw: unknown = null;
  try {
    raw = JSON.parse(row.value);
  } catch {
    // A hand-edited row that is not JSON reads as the default (off) rather than breaking every push.
  }
  const parsed = pushGuardSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : { blockOnConflicts: false };
}

export async function savePushGuard(s: PushGuardSettings): Promise<void> {
  const value = JSON.stringify(pushGuardSettingsSchema.parse(s));
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}

/** The audit log's line for a change of this setting (API and settings page alike). */
export function pushGuardSummary(s: PushGuardSettings): string {
  return `Pushes of rule sets with conflicts: ${s.blockOnConflicts ? "blocked" : "allowed"}`;
}

/**
 * Why this content may not be pushed, or null. Conflicts are rules shadowed by earlier rules with the opposite
 * intent (the admin meant to allow what is denied, or the reverse); redundancy alone never blocks.
 */
export async function conflictRefusal(content: RuleSetContent, what: string): Promise<string | null> {
  if (!(await loadPushGuard()).blockOnConflicts) return null;
  const conflicts = (await runOffThread("analyze", { content })).findings.filter((f) => f.badge === "conflict");
  if (conflicts.length === 0) return null;
  const named = conflicts
    .slice(0, MAX_NAMED)
    .map((f) => f.message)
    .join("; ");
  const more = conflicts.length > MAX_NAMED ? `; and ${conflicts.length - MAX_NAMED} more` : "";
  return (
    `${what} has ${conflicts.length === 1 ? "a conflict" : `${conflicts.length} conflicts`} and pushes of rule sets with conflicts are blocked ` +
    `(Settings → Push): ${named}${more}. Fix the rules or ask an admin to turn the setting off.`
  );
}
