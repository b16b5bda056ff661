import { db } from "@/lib/db/client";
import { nextTurn } from "@/lib/db/direct-sql";
import { savePlan } from "./plan-store";
import { parseStoredJson, storedPlanSchema } from "./schemas";

/** Deployments per transaction: a database with years of pushes converts without holding it for long. */
const SLICE = 50;

/**
 * Moves deployment plans written before plans were shared (one DeploymentPlan row per deployment) into PushPlan,
 * then deletes the old row. Idempotent: a row is deleted in the same transaction that points its deployment at
 * the shared plan, and a second run finds nothing. Runs at startup before anything reads a plan. A row that does
 * not parse is left in place and reported (its deployment then shows no plan), never guessed at.
 */
export async function convertLegacyPlans(): Promise<{ converted: number; unreadable: number }> {
  let converted = 0;
  const bad = new Set<string>();
  for (;;) {
    const rows = await db.deploymentPlan.findMany({
      where: { deploymentId: { notIn: [...bad].slice(0, 400) } },
      take: SLICE,
      include: { deployment: { select: { previewHash: true, createdAt: true } } },
    });
    const good: { deploymentId: string; hash: string }[] = [];
    for (const r of rows) {
      try {
        const plan = parseStoredJson(storedPlanSchema, r.plan, `deployment ${r.deploymentId} plan`);
        const saved = await savePlan(plan, r.deployment.createdAt);
        good.push({ deploymentId: r.deploymentId, hash: saved.hash });
      } catch (err) {
        bad.add(r.deploymentId);
        console.error(
          `[push] legacy plan of deployment ${r.deploymentId} not converted:`,
          err instanceof Error ? err.message : "unknown",
        );
      }
    }
    if (good.length) {
      await db.$transaction([
        ...good.map((g) => db.deployment.update({ where: { id: g.deploymentId }, data: { planHash: g.hash } })),
        db.deploymentPlan.deleteMany({ where: { deploymentId: { in: good.map((g) => g.deploymentId) } } }),
      ]);
      converted += good.length;
    }
    await nextTurn();
    if (rows.length < SLICE || good.length === 0) break;
  }
  return { converted, unreadable: bad.size };
}
