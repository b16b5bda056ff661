import { afterEach, describe, expect, it } from "vitest";
import type { DriverSession, LiveFirewall, PushPlan } from "../driver";
import { buildRevertScript } from "./revert-script";
import { mikrotikPlanner } from "./planner";
import { compileOk, MENUS, PeerKit, sleep } from "@/tests/support/mikrotik-peer-kit";

/**
 * Taking ownership of the defconf firewall on the RouterOS peer: the import's claims make the push re-tag the
 * router's own rows in place (sets only: every row keeps its place), never add copies; the revert timer
 * and the immediate rollback give a taken-over router back exactly as it was, `.id`s included.
 */
let kit: PeerKit | null = null;
afterEach(async () => {
  await kit?.close();
  kit = null;
});

let n = 0;
const ids = () => `rown${String(++n).padStart(4, "0")}`;

/** Every row of the four menus with ids and comments, counters aside: what "exactly as before" means here. */
function rowsWithIds(k: PeerKit) {
  const strip = (r: Record<string, string>) =>
    Object.fromEntries(Object.entries(r).filter(([key]) => !["bytes", "packets", "creation-time"].includes(key)));
  return Object.fromEntries(MENUS.map((m) => [m, k.peer.rows(m).map(strip)]));
}

async function importWithClaims(k: PeerKit) {
  const s = await k.connect();
  const live = await s.readFirewall();
  const imported = mikrotikPlanner.decompile!(live, { managedOnly: false, newId: ids });
  const desired = compileOk(imported.content);
  const plan = mikrotikPlanner.plan(live, desired, { claims: imported.origins ?? [] });
  return { s, live, imported, desired, plan };
}

const wireVerbs = (plan: PushPlan) => plan.ops.map((o) => o.wire[0].split("/").pop());

describe("take ownership of the defconf firewall (RouterOS peer)", () => {
  it("the push only sets: every imported row keeps its id, its place and its comment after the tag", async () => {
    kit = await PeerKit.start({ seed: { defconf: true } });
    const { s, imported, desired, plan } = await importWithClaims(kit);
    const origins = imported.origins!;
    expect(origins.length).toBeGreaterThan(20);
    expect(new Set(wireVerbs(plan))).toEqual(new Set(["set"]));
    expect(plan.counts.add).toBe(0);
    expect(plan.counts.remove).toBe(0);
    expect(plan.claimed).toHaveLength(origins.length);
    expect(
      plan.changes.filter((c) => c.kind === "change").every((c) => /^take ownership of /.test(c.description)),
    ).toBe(true);

    const before = Object.fromEntries(MENUS.map((m) => [m, kit!.peer.rows(m).map((r) => ({ ...r }))]));
    await s.apply(plan.ops);

    const claimedRefs = new Map(
      origins.map((o) => [
        `${o.kind === "nat" ? "ip/firewall/nat" : o.kind === "filter" ? (o.family === "ipv6" ? "ipv6/firewall/filter" : "ip/firewall/filter") : o.family === "ipv6" ? "ipv6/firewall/address-list" : "ip/firewall/address-list"} ${o.ref}`,
        o,
      ]),
    );
    for (const m of MENUS) {
      const now = kit.peer.rows(m);
      expect(now.map((r) => r[".id"]).sort()).toEqual(before[m].map((r) => r[".id"]).sort()); // same rows, none added or removed
      for (const was of before[m]) {
        const row = now.find((r) => r[".id"] === was[".id"])!;
        const o = claimedRefs.get(`${m} ${was[".id"]}`);
        if (!o) {
          expect(row).toEqual(was);
          continue;
        }
        // the defconf masquerade NAT row is taken over like the filter rows (a raw NAT rule)
        const tag = o.kind !== "address-list-entry" ? `rampart:${o.ruleId}` : `rampart:list:${o.list}`;
        expect(row.comment).toBe(was.comment ? `${tag} ${was.comment}` : tag);
      }
      // nothing moved: what each foreign row sees is what it saw before
      expect(now.map((r) => r[".id"])).toEqual(before[m].map((r) => r[".id"]));
    }

    const s2 = await kit.connect();
    const after = await s2.readFirewall();
    expect(mikrotikPlanner.plan(after, desired, { placement: plan.placement }).ops).toEqual([]);
    expect(mikrotikPlanner.compare(after, desired, { placement: plan.placement })).toEqual([]);
  });

  it("a claim whose row changed since the import is ignored: that rule is added, the changed row stays foreign", async () => {
    kit = await PeerKit.start({ seed: { defconf: true } });
    const { live, imported, desired } = await importWithClaims(kit);
    const first = imported.origins!.find((o) => o.kind === "filter")!;
    const edited: LiveFirewall = {
      ...live,
      items: live.items.map((i) =>
        i.ref === first.ref && i.kind === "filter" && i.family === first.family
          ? { ...i, raw: { ...i.raw, comment: "edited by hand" } }
          : i,
      ),
    };
    const plan = mikrotikPlanner.plan(edited, desired, { claims: imported.origins });
    expect(plan.counts.add).toBe(1);
    expect(plan.claimed!.some((c) => c.ref === first.ref && c.kind === "filter" && c.family === first.family)).toBe(
      false,
    );
  });

  it("the revert timer gives taken-over rows back: the router is exactly as before, ids and comments included", async () => {
    kit = await PeerKit.start({ seed: { defconf: true } });
    const { s, live, plan } = await importWithClaims(kit);
    const expected = rowsWithIds(kit);
    await s.armRevert!(live, { pushId: "own1", seconds: 60, claimed: plan.claimed });
    await s.apply(plan.ops);
    expect(rowsWithIds(kit)).not.toEqual(expected);
    await s.close();
    kit.peer.advanceClock(61_500);
    await sleep(80);
    expect(kit.peer.state.log.filter((l) => l.topic === "script,error" || l.topic === "script,warning")).toEqual([]);
    expect(rowsWithIds(kit)).toEqual(expected);
  });

  it("the revert timer after a half-applied ownership push also restores exactly", async () => {
    kit = await PeerKit.start({ seed: { defconf: true } });
    const { s, live, plan } = await importWithClaims(kit);
    const expected = rowsWithIds(kit);
    await s.armRevert!(live, { pushId: "own2", seconds: 60, claimed: plan.claimed });
    await s.apply(plan.ops.slice(0, Math.floor(plan.ops.length / 2)));
    await s.close();
    kit.peer.advanceClock(61_500);
    await sleep(80);
    expect(rowsWithIds(kit)).toEqual(expected);
  });

  it.each([
    ["all ops", 1],
    ["half the ops", 0.5],
  ])("restorePlan after %s gives taken-over rows back in place, ids kept", async (_label, share) => {
    kit = await PeerKit.start({ seed: { defconf: true } });
    const { s, live, plan } = await importWithClaims(kit);
    const expected = rowsWithIds(kit);
    await s.apply(plan.ops.slice(0, Math.ceil(plan.ops.length * share)));
    const s2: DriverSession = await kit.connect();
    const restore = mikrotikPlanner.restorePlan(await s2.readFirewall(), live);
    expect(restore.counts.add).toBe(0);
    expect(restore.counts.remove).toBe(0);
    await s2.apply(restore.ops);
    expect(rowsWithIds(kit)).toEqual(expected);
    expect(mikrotikPlanner.restorePlan(await s2.readFirewall(), live).ops).toEqual([]);
  });

  it("the revert script sets taken-over rows back before it removes tagged rows", () => {
    const before: LiveFirewall = {
      stateHash: "x",
      items: [
        {
          ref: "*2",
          kind: "filter",
          family: "ipv4",
          managedId: null,
          dynamic: false,
          raw: {
            ".id": "*2",
            chain: "input",
            action: "drop",
            "connection-state": "invalid",
            comment: "defconf: drop invalid",
          },
        },
        {
          ref: "*3",
          kind: "filter",
          family: "ipv4",
          managedId: null,
          dynamic: false,
          raw: { ".id": "*3", chain: "input", action: "accept", protocol: "icmp", comment: "defconf: accept ICMP" },
        },
      ],
    };
    const script = buildRevertScript(before, "c9", [
      { ref: "*2", kind: "filter", family: "ipv4", fields: ["comment", "log"] },
    ]).split("\n");
    const set = script.findIndex((l) => l.includes("filter set *2"));
    const remove = script.findIndex((l) => l.includes("/ip firewall filter remove"));
    expect(set).toBeGreaterThan(0);
    expect(set).toBeLessThan(remove);
    expect(script[set]).toContain('comment="defconf: drop invalid"');
    expect(script.some((l) => l.includes("unset *2 log"))).toBe(true);
    expect(script.some((l) => l.includes("move *2 destination=*3"))).toBe(true);
    expect(script.some((l) => l.includes("*3") && l.includes(" set "))).toBe(false);
  });
});
