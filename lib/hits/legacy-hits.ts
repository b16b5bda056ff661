import { db } from "@/lib/db/client";
import { nextTurn } from "@/lib/db/direct-sql";
import { encodeHits, type RuleHitState } from "./hit-codec";

/** Routers per pass: a large install converts without one long read. */
const SLICE = 50;

/**
 * Moves hit records written before RouterHits (one RuleHit row per router and rule) into one RouterHits record per
 * router, then deletes the old rows, in one transaction per router: idempotent, a second run finds nothing. Runs at
 * startup before the poller. A router that already has a RouterHits record (written by another server process since
 * the upgrade) keeps it: it comes from a later read; its old rows are dropped.
 */
export async function convertLegacyHits(): Promise<{ routers: number }> {
  let routers = 0;
  for (;;) {
    const slice = await db.ruleHit.findMany({ distinct: ["routerId"], select: { routerId: true }, take: SLICE });
    for (const { routerId } of slice) {
      const rows = await db.ruleHit.findMany({ where: { routerId } });
      // Each read replaced every row it found and deleted the rest, so the rows share the latest read's time.
      const readAt = new Date(Math.max(...rows.map((r) => r.readAt.getTime())));
      const rules = new Map<string, RuleHitState>(
        rows.map((r) => [
          r.ruleId,
          {
            packets: Number(r.packets),
            bytes: Number(r.bytes),
            firstSeenAt: r.firstSeenAt,
            lastIncreasedAt: r.lastIncreasedAt,
          },
        ]),
      );
      try {
        await db.$transaction([
          db.routerHits.create({ data: { routerId, readAt, rules: encodeHits(rules) } }),
          db.ruleHit.deleteMany({ where: { routerId } }),
        ]);
      } catch (err) {
        if ((err as { code?: unknown }).code !== "P2002") throw err;
        await db.ruleHit.deleteMany({ where: { routerId } });
      }
      routers++;
    }
    await nextTurn();
    if (slice.length < SLICE) break;
  }
  return { routers };
}
