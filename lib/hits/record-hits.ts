import { db } from "@/lib/db/client";
import type { LiveRule } from "@/lib/routers/driver";
import { nextHit, type HitRecord } from "./hit-state";

/**
 * Stores one read of a router's counters: per Rampart rule, the sum of its rows' counters (a rule for both
 * families, or split by protocol, is several rows), folded into the rule's record by nextHit. Rules the read did
 * not find on the router lose their record: it said nothing about them any more. Rows without counters report
 * nothing (the rule stays unknown on that router).
 */
export async function recordHits(routerId: string, rules: readonly LiveRule[], now = new Date()): Promise<number> {
  const sums = new Map<string, { packets: number; bytes: number }>();
  for (const r of rules) {
    if (r.origin !== "rampart" || !r.ruleId || !r.counters) continue;
    const s = sums.get(r.ruleId) ?? { packets: 0, bytes: 0 };
    s.packets += r.counters.packets;
    s.bytes += r.counters.bytes;
    sums.set(r.ruleId, s);
  }
  const before = new Map(
    (await db.ruleHit.findMany({ where: { routerId } })).map((h) => [h.ruleId, recordOf(h)] as const),
  );
  const writes = [...sums].map(([ruleId, read]) => {
    const h = nextHit(before.get(ruleId) ?? null, read, now);
    const data = { ...h, packets: BigInt(h.packets), bytes: BigInt(h.bytes) };
    return db.ruleHit.upsert({
      where: { routerId_ruleId: { routerId, ruleId } },
      create: { routerId, ruleId, ...data },
      update: data,
    });
  });
  // every rule this read found now has readAt = now: older records are of rules no longer on the router
  await db.$transaction([...writes, db.ruleHit.deleteMany({ where: { routerId, readAt: { lt: now } } })]);
  return sums.size;
}

export function recordOf(h: {
  packets: bigint;
  bytes: bigint;
  firstSeenAt: Date;
  readAt: Date;
  lastIncreasedAt: Date | null;
}): HitRecord {
  return {
    packets: Number(h.packets),
    bytes: Number(h.bytes),
    firstSeenAt: h.firstSeenAt,
    readAt: h.readAt,
    lastIncreasedAt: h.lastIncreasedAt,
  };
}
