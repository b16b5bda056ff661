import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import type { RuleSetContent } from "@/lib/rules/schema";
import { mikrotikDriver } from "@/lib/routers/mikrotik";
import type { RouterOsPeer } from "../peers/routeros";
import {
  addRouter,
  firewallOf,
  newRuleSet,
  seedUsers,
  setupPushDatabase,
  startPeer,
  waitFor,
  closePushDatabase,
  openPushDatabase,
} from "./push-fixture";

/**
 * Issue #17.9: a rule for IPv4 and IPv6 is two rows on RouterOS (/ip and /ipv6 filter). One of them edited by
 * hand is one drift difference, and one adopt makes the router in sync: the rule becomes two single-family rules
 * (the IPv4 half keeps the rule, the IPv6 half is rule `<id>v6`, still tagged with the original id on the router),
 * and adopting again changes nothing. Router state is read from the peer.
 */
setupPushDatabase("adopt-both");
let users: Awaited<ReturnType<typeof seedUsers>>;
let push: typeof import("@/lib/push");
let drift: typeof import("@/lib/drift");
let sweep: typeof import("@/lib/health/sweep");
let rulesets: typeof import("@/lib/rulesets");
let db: typeof import("@/lib/db/client").db;
const peers: RouterOsPeer[] = [];

beforeAll(async () => {
  ({ push, db, users } = await openPushDatabase());
  drift = await import("@/lib/drift");
  sweep = await import("@/lib/health/sweep");
  rulesets = await import("@/lib/rulesets");
});

afterAll(() => closePushDatabase(peers, db));

const content: RuleSetContent = {
  rules: [
    rule({ id: "rssh0001", family: "ipv4", protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], comment: "ssh" }),
    rule({ id: "rwebboth1", family: "both", protocol: "tcp", dstPorts: [{ from: 443, to: 443 }], comment: "web" }),
  ],
  addressLists: [],
};

async function byHand(peer: RouterOsPeer, wire: string[]) {
  const s = await mikrotikDriver.connect({
    vendor: "mikrotik",
    host: peer.host,
    port: peer.port,
    transport: "api",
    username: "admin",
    password: "admin",
  });
  try {
    await s.apply([{ label: "by hand", wire }]);
  } finally {
    await s.close();
  }
}

const poll = (routerId: string) => sweep.pollRouter(routerId, { concurrency: 1, timeoutMs: 5000 });

describe("adopt of a rule held as an IPv4 and an IPv6 row", () => {
  it("one hand edit of the IPv4 row is one difference; one adopt is in sync; adopting again makes no revision", async () => {
    const peer = await startPeer();
    peers.push(peer);
    const routerId = await addRouter("both1", peer);
    const ruleSetId = await newRuleSet(users.admin.userId, "adopt-both", content);
    expect((await push.assignRuleSet(users.admin.actor, routerId, ruleSetId)).ok).toBe(true);
    const p = await push.previewPush(users.admin.actor, routerId, ruleSetId, 1);
    if (!p.ok) throw new Error(p.refusal.message);
    const r = await push.startPush(
      users.admin,
      ruleSetId,
      push.pushRequestSchema.parse({ revision: 1, routers: [routerId], previewIds: [p.preview.id], revertSeconds: 60 }),
    );
    if (!r.ok) throw new Error(r.message);
    await waitFor(
      () => push.getBatch(r.batchId),
      (b) => !!b && b.state !== "running",
    );
    expect(peer.rows("ipv6/firewall/filter").some((x) => x.comment === "rampart:rwebboth1 web")).toBe(true);

    const v4 = peer.rows("ip/firewall/filter").find((x) => x.comment === "rampart:rwebboth1 web")!;
    await byHand(peer, ["/ip/firewall/filter/set", `=.id=${v4[".id"]}`, "=dst-port=8443"]);
    await poll(routerId);
    const v = (await drift.getDriftView(routerId))!;
    expect(v.state).toBe("drifted");
    expect(v.differences).toEqual([
      expect.objectContaining({
        kind: "changed",
        ruleId: "rwebboth1",
        fields: [{ field: "dst-port", onRouter: "8443", pushed: "443" }],
      }),
    ]);

    const before = firewallOf(peer);
    const a = await drift.adoptLive(rulesets.userEditor({ id: users.admin.userId, username: "alice" }), routerId);
    if (!a.ok) throw new Error(a.message);
    expect(a).toMatchObject({ revision: 2, drift: { state: "in-sync" } });
    expect(firewallOf(peer)).toEqual(before);
    const rev = (await rulesets.getRevision(ruleSetId, 2))!;
    expect(rev.content.rules.map((x) => [x.id, x.family, x.dstPorts[0]?.from])).toEqual([
      ["rssh0001", "ipv4", 22],
      ["rwebboth1", "ipv4", 8443],
      ["rwebboth1v6", "ipv6", 443],
    ]);
    await poll(routerId);
    expect((await drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });

    const again = await drift.adoptLive(rulesets.userEditor({ id: users.admin.userId, username: "alice" }), routerId);
    expect(again).toMatchObject({ ok: true, revision: 2, drift: { state: "in-sync" } });
    // and a push of the adopted revision sends nothing
    const p2 = await push.previewPush(users.admin.actor, routerId, ruleSetId, 2);
    expect(p2.ok && p2.preview.plan.ops).toEqual([]);
  });
});
