import { db } from "@/lib/db/client";
import { cachedRevision } from "@/lib/push/compiled-revision";
import type { FirewallPlanner, LiveFirewall, LiveRule } from "@/lib/routers/driver";
import { decodeHits, encodeHits, type RuleHitState } from "./hit-codec";
import { nextHit } from "./hit-state";

type Counts = { packets: number; bytes: number };

/** Attempts when another read of the same router wrote in between (the poll and a live view at once). */
const ATTEMPTS = 4;

/**
 * Stores one read of a router's counters in its RouterHits record: per Rampart rule, the sum of its rows' counters
 * (a rule for both families, or split by protocol, is several rows), folded into the rule's state by nextHit.
 * Rules the read did not find on the router lose their state: it said nothing about them any more. Rows without
 * counters report nothing (the rule stays unknown on that router).
 *
 * One statement per read: the record is replaced when a counter or a rule changed, else only its `readAt` moves.
 * The write is conditional on the `readAt` it was folded from, so two reads of one router at once (in one process
 * or several) never lose each other's fold: the later loses the race, reads again and folds onto the winner; a
 * read older than the stored one is dropped. Returns the rules recorded (0 when nothing was).
 */
export async function recordHits(routerId: string, rules: readonly LiveRule[], now = new Date()): Promise<number> {
  // A listing without a single row was not read (fw4's table not loaded): it says nothing, so it changes nothing.
  // A router Rampart has pushed to always lists rows, its own or the router's.
  if (rules.length === 0) return 0;
  const sums = new Map<string, Counts>();
  for (const r of rules) {
    if (r.origin !== "rampart" || !r.ruleId || !r.counters) continue;
    const s = sums.get(r.ruleId) ?? { packets: 0, bytes: 0 };
    s.packets += r.counters.packets;
    s.bytes += r.counters.bytes;
    sums.set(r.ruleId, s);
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const row = await db.routerHits.findUnique({ where: { routerId } });
    if (row && row.readAt >= now) return 0;
    const before = row ? decodeHits(row.rules) : null;
    if (row && !before) console.error(`[hits] record of ${routerId} unreadable: replaced by this read`);
    const encoded = encodeHits(foldRead(before, row?.readAt ?? now, sums, now));
    if (!row) {
      try {
        await db.routerHits.create({ data: { routerId, readAt: now, rules: encoded } });
        return sums.size;
      } catch (err) {
        // P2002: another read created it first (fold onto it); P2003: the router was deleted meanwhile.
        const code = (err as { code?: unknown }).code;
        if (code === "P2002") continue;
        if (code === "P2003") return 0;
        throw err;
      }
    }
    const changed = !sameBytes(row.rules, encoded);
    const { count } = await db.routerHits.updateMany({
      where: { routerId, readAt: row.readAt },
      data: changed ? { readAt: now, rules: encoded } : { readAt: now },
    });
    if (count === 1) return sums.size;
  }
  console.error(`[hits] read of ${routerId} not recorded: other reads kept writing first`);
  return 0;
}

/** The record after a read: every rule the read found, folded onto its state; the rest dropped. */
export function foldRead(
  before: ReadonlyMap<string, RuleHitState> | null,
  readBefore: Date,
  sums: ReadonlyMap<string, Counts>,
  now: Date,
): Map<string, RuleHitState> {
  const out = new Map<string, RuleHitState>();
  for (const [ruleId, read] of sums) {
    const prev = before?.get(ruleId);
    const h = nextHit(prev ? { ...prev, readAt: readBefore } : null, read, now);
    out.set(ruleId, {
      packets: h.packets,
      bytes: h.bytes,
      firstSeenAt: h.firstSeenAt,
      lastIncreasedAt: h.lastIncreasedAt,
    });
  }
  return out;
}

/**
 * The counters of a firewall read made for another purpose (the health poll's drift check): Rampart's rows name
 * their rules by the revision the router was last pushed, which is what its tags come from.
 */
export async function recordHitsOfRead(
  routerId: string,
  read: { live: LiveFirewall; planner: FirewallPlanner; revisionId: string },
  now = new Date(),
): Promise<number> {
  const content = (await cachedRevision(read.revisionId))?.content ?? { rules: [], addressLists: [] };
  return recordHits(routerId, read.planner.liveRules(read.live, content), now);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}
