import { describe, expect, it } from "vitest";
import type { LiveRule } from "@/lib/routers/driver";
import { migratedDatabase } from "./push-fixture";

/**
 * Two reads of one router recorded at once (the poll's drift read and someone's live view, or two server
 * processes): neither fold is lost and an older read never overwrites a newer one. Real SQLite, whose one
 * connection interleaves the two at each await as two processes' transactions would.
 */
const database = migratedDatabase("record-hits");

const row = (ruleId: string, packets: number): LiveRule => ({
  family: "ipv4",
  chain: "input",
  position: 1,
  ref: `*${ruleId}`,
  origin: "rampart",
  ruleId,
  summary: "",
  disabled: false,
  counters: { packets, bytes: packets * 100 },
});

describe("recordHits", () => {
  it("a newer read written first is not overwritten by an older one finishing later", async () => {
    const { recordHits } = await import("@/lib/hits/record-hits");
    const { decodeHits } = await import("@/lib/hits/hit-codec");
    const r = await database().router.create({
      data: { name: "race", vendor: "mikrotik", host: "192.0.2.1", port: 8728, transport: "api", username: "a" },
    });
    const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, s));
    await recordHits(r.id, [row("ra", 0), row("rb", 0)], t(0));
    // read at t(2) saw rb rise; the read at t(1) saw nothing yet, and is recorded second
    await Promise.all([
      recordHits(r.id, [row("ra", 0), row("rb", 7)], t(2)),
      recordHits(r.id, [row("ra", 0), row("rb", 0)], t(1)),
    ]);
    const rec = await database().routerHits.findUniqueOrThrow({ where: { routerId: r.id } });
    expect(rec.readAt).toEqual(t(2));
    expect(decodeHits(rec.rules)!.get("rb")).toMatchObject({ packets: 7, lastIncreasedAt: t(2), firstSeenAt: t(0) });

    // both at once in the other order: the later folds onto the earlier, so both rises are kept
    await Promise.all([
      recordHits(r.id, [row("ra", 3), row("rb", 7)], t(3)),
      recordHits(r.id, [row("ra", 3), row("rb", 9)], t(4)),
    ]);
    const after = await database().routerHits.findUniqueOrThrow({ where: { routerId: r.id } });
    expect(after.readAt).toEqual(t(4));
    const hits = decodeHits(after.rules)!;
    expect(hits.get("ra")).toMatchObject({ packets: 3, lastIncreasedAt: t(3) });
    expect(hits.get("rb")).toMatchObject({ packets: 9, lastIncreasedAt: t(4) });
    expect(await database().routerHits.count({ where: { routerId: r.id } })).toBe(1);
  });
});
