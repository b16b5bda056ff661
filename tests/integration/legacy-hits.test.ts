import { describe, expect, it } from "vitest";
import { migratedDatabase, newRuleSet, seedUsers } from "./push-fixture";

/**
 * Hit records from before one record per router (RuleHit rows) move into RouterHits at startup: the editor shows
 * the same hits and "unused" after the move as before it, and a second run finds nothing to move.
 */
const database = migratedDatabase("legacy-hits");

const day = 86_400_000;

describe("convertLegacyHits", () => {
  it("moves each router's rows into one record; the rule set's hits read the same; idempotent", async () => {
    const { convertLegacyHits } = await import("@/lib/hits/legacy-hits");
    const { ruleSetHits } = await import("@/lib/hits/rule-set-hits");
    const { rule } = await import("@/tests/support/rule-fixtures");
    const users = await seedUsers();
    const content = {
      rules: [rule({ id: "rold00001", comment: "old quiet" }), rule({ id: "rold00002", comment: "old busy" })],
      addressLists: [],
    };
    const ruleSetId = await newRuleSet(users.admin.userId, "legacy", content);
    const now = Date.now();
    const first = new Date(now - 40 * day);
    const read = new Date(now - 60_000);
    const routerIds: string[] = [];
    for (const name of ["old-a", "old-b"]) {
      const r = await database().router.create({
        data: { name, vendor: "mikrotik", host: "192.0.2.1", port: 8728, transport: "api", username: "admin" },
      });
      routerIds.push(r.id);
      await database().routerAssignment.create({ data: { routerId: r.id, ruleSetId } });
      await database().ruleHit.createMany({
        data: [
          { routerId: r.id, ruleId: "rold00001", packets: 5n, bytes: 500n, firstSeenAt: first, readAt: read },
          {
            routerId: r.id,
            ruleId: "rold00002",
            packets: 2n ** 40n,
            bytes: 2n ** 45n,
            firstSeenAt: first,
            readAt: read,
            lastIncreasedAt: new Date(now - 2 * day),
          },
        ],
      });
    }
    // Not moved, the old rows say nothing to the editor.
    expect((await ruleSetHits(ruleSetId, new Date(now)))!.rules.map((r) => r.state)).toEqual(["unknown", "unknown"]);

    expect(await convertLegacyHits()).toEqual({ routers: 2 });
    expect(await database().ruleHit.count()).toBe(0);
    expect(await database().routerHits.count()).toBe(2);
    // What the old rows said (docs/rule-hits.md §3): watched 40 days without a rise on both routers, and a rise 2 days ago.
    expect((await ruleSetHits(ruleSetId, new Date(now)))!.rules).toEqual([
      {
        ruleId: "rold00001",
        state: "unused",
        routers: 2,
        reported: 2,
        packets: 10,
        bytes: 1000,
        lastHitAt: null,
        since: first.toISOString(),
      },
      {
        ruleId: "rold00002",
        state: "used",
        routers: 2,
        reported: 2,
        packets: 2 * 2 ** 40,
        bytes: 2 * 2 ** 45,
        lastHitAt: new Date(now - 2 * day).toISOString(),
        since: null,
      },
    ]);
    expect(await convertLegacyHits()).toEqual({ routers: 0 });
  });
});
