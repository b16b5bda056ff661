import { db } from "@/lib/db/client";

/**
 * Rule sets with a saved head that at least one of their routers does not run: the router last received an
 * older revision, another set's, or nothing yet. One aggregate statement (portable SQL, quoted identifiers as
 * Prisma names them), so the shell can show it on every page whatever the fleet's size.
 */
export async function unpushedRuleSets(): Promise<{ count: number; ruleSetIds: string[] }> {
  const rows = await db.$queryRaw<{ ruleSetId: string }[]>`
    SELECT DISTINCT a."ruleSetId" AS "ruleSetId"
    FROM "RouterAssignment" a
    JOIN "RuleSet" s ON s."id" = a."ruleSetId"
    LEFT JOIN "RouterStatus" st ON st."routerId" = a."routerId"
    LEFT JOIN "RuleSetRevision" r ON r."id" = st."lastPushedRevisionId"
    WHERE s."headRevision" > 0
      AND (r."id" IS NULL OR r."ruleSetId" <> a."ruleSetId" OR r."number" < s."headRevision")`;
  return { count: rows.length, ruleSetIds: rows.map((r) => r.ruleSetId) };
}
