import { describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { mikrotikDriver } from "@/lib/routers/mikrotik";
import {
  addRouter,
  editByHand,
  firewallOf,
  newRuleSet,
  routerOsPushHooks,
  setupPushDatabase,
  v1,
} from "./push-fixture";
import { routerOsAdminTarget } from "../support/routeros-admin-target";

/**
 * Drift, adopt, acknowledge and import against the real RouterOS peer and a real database: a rule is edited on
 * the peer behind Rampart's back, the health poll sees exactly that field, and overwrite or adopt ends it.
 * Router state is read from the peer; drift state from what the poller recorded.
 */
setupPushDatabase("drift");

const h = routerOsPushHooks("d");

const editor = () => h.rulesets.userEditor({ id: h.users.admin.userId, username: "alice" });
const pushRevision = (routerId: string, ruleSetId: string, revision: number) =>
  h.previewAndPush(routerId, ruleSetId, revision);
const routerAtV1 = h.routerAtV1;

const webRow = (peer: RouterOsPeer) =>
  peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rweb0001"))!;
const poll = (routerId: string) => h.poll(routerId, { timeoutMs: 3000 });

describe("drift", () => {
  it("a hand edit shows up on the next poll as exactly that field; an overwrite push ends it", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!.state).toBe("in-sync");

    await editByHand(peer, ["/ip/firewall/filter/set", `=.id=${webRow(peer)[".id"]}`, "=dst-port=8443"]);
    await poll(routerId);
    const v = (await h.drift.getDriftView(routerId))!;
    expect(v.state).toBe("drifted");
    expect(v.lastPushed).toMatchObject({ ruleSetId, number: 1 });
    // named as the admin knows it (number and comment), never by the internal id alone
    expect(v.differences).toEqual([
      {
        kind: "changed",
        ruleId: "rweb0001",
        rule: "#2 web",
        description: expect.any(String),
        fields: [{ field: "dst-port", onRouter: "8443", pushed: "443" }],
      },
    ]);

    // a rule deleted by hand is "missing", a managed-looking rule added by hand is "extra"
    await editByHand(peer, [
      "/ip/firewall/filter/remove",
      `=.id=${peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rssh0001"))![".id"]}`,
    ]);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!.differences.map((d) => d.kind).sort()).toEqual([
      "changed",
      "missing",
    ]);

    expect((await pushRevision(routerId, ruleSetId, 1)).status).toBe("done");
    expect(webRow(peer)["dst-port"]).toBe("443");
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });
  });

  it("with a drift interval, a poll before it is due does not read the firewall, and the record says when it last did", async () => {
    const { peer, routerId } = await routerAtV1();
    const hour = 3_600_000;
    const pollEveryHour = () => h.poll(routerId, { timeoutMs: 3000, driftEveryMs: hour });
    await pollEveryHour(); // first poll: the router was never seen up, so it is read
    const first = (await h.drift.getDriftView(routerId))!;
    expect(first.state).toBe("in-sync");
    expect(Date.now() - Date.parse(first.checkedAt!)).toBeLessThan(10_000);

    await editByHand(peer, ["/ip/firewall/filter/set", `=.id=${webRow(peer)[".id"]}`, "=dst-port=8443"]);
    await pollEveryHour();
    // not read again: still "in sync" as of the same read, never as of this poll
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", checkedAt: first.checkedAt });
    expect((await h.db.routerStatus.findUnique({ where: { routerId } }))!.checkedAt!.getTime()).toBeGreaterThan(
      Date.parse(first.checkedAt!),
    );

    // an hour later (the read moved back in time), the next poll reads and compares
    await h.db.routerStatus.update({
      where: { routerId },
      data: { driftCheckedAt: new Date(Date.now() - hour) },
    });
    await pollEveryHour();
    const later = (await h.drift.getDriftView(routerId))!;
    expect(later.state).toBe("drifted");
    expect(later.differences.map((d) => d.ruleId)).toEqual(["rweb0001"]);
    expect(Date.parse(later.checkedAt!)).toBeGreaterThan(Date.parse(first.checkedAt!));
  });

  it("acknowledge holds until the live state changes again; the audit log records it", async () => {
    const { peer, routerId } = await routerAtV1();
    await editByHand(peer, ["/ip/firewall/filter/set", `=.id=${webRow(peer)[".id"]}`, "=disabled=true"]);
    await poll(routerId);
    expect((await h.drift.acknowledgeDrift(h.users.admin.actor, routerId)).ok).toBe(true);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "drifted", acknowledged: { by: "alice" } });
    expect(await h.db.auditEvent.count({ where: { action: "drift.acknowledge", targetId: routerId } })).toBe(1);

    await editByHand(peer, ["/ip/firewall/filter/set", `=.id=${webRow(peer)[".id"]}`, "=dst-port=444"]);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "drifted", acknowledged: null });
  });

  it("adopt makes the live rules a new revision, credited to the admin, and the router is in sync", async () => {
    const { peer, routerId, ruleSetId, name } = await routerAtV1();
    await editByHand(peer, [
      "/ip/firewall/filter/set",
      `=.id=${webRow(peer)[".id"]}`,
      "=dst-port=8443",
      "=comment=rampart:rweb0001 web (moved port)",
    ]);
    await editByHand(peer, [
      "/ip/firewall/address-list/add",
      "=list=office",
      "=address=10.7.0.0/16",
      "=comment=rampart:list:office added in an emergency",
    ]);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!.state).toBe("drifted");
    const before = firewallOf(peer);

    const r = await h.drift.adoptLive(editor(), routerId);
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ ruleSetId, revision: 2, drift: { state: "in-sync" } });
    expect(firewallOf(peer)).toEqual(before); // adopt never writes to the router

    const rev = (await h.rulesets.getRevision(ruleSetId, 2))!;
    expect(rev.message).toBe(`Adopted from router ${name} by alice`);
    const web = rev.content.rules.find((x) => x.id === "rweb0001")!;
    expect(web).toMatchObject({ dstPorts: [{ from: 8443, to: 8443 }], comment: "web (moved port)" });
    expect(rev.content.addressLists.find((l) => l.name === "office")!.entries).toContainEqual({
      address: "10.7.0.0/16",
      comment: "added in an emergency",
    });

    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", lastPushed: { number: 2 } });
    // and a preview of the new head sends nothing
    const p = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, 2);
    expect(p.ok && p.preview.inSync).toBe(true);
  });

  it("adopt keeps a managed rule the model cannot hold as a raw rule with the router's properties", async () => {
    const { peer, routerId, ruleSetId } = await routerAtV1();
    await editByHand(peer, ["/ip/firewall/filter/set", `=.id=${webRow(peer)[".id"]}`, "=in-interface-list=LAN"]);
    const r = await h.drift.adoptLive(editor(), routerId);
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ drift: { state: "in-sync" } });
    const rev = (await h.rulesets.getRevision(ruleSetId, r.revision))!;
    expect(rev.content.rules.find((x) => x.id === "rweb0001")!.raw?.props).toMatchObject({
      "in-interface-list": "LAN",
      "dst-port": "443",
    });
  });

  it("never pushed and unreachable are states of their own", async () => {
    const peer = await h.newPeer();
    const routerId = await addRouter(`d${++h.n}`, peer);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!.state).toBe("never-pushed");

    const pushed = await routerAtV1();
    pushed.peer.faults.silent = true;
    await poll(pushed.routerId);
    expect((await h.drift.getDriftView(pushed.routerId))!.state).toBe("unreachable");
    pushed.peer.faults.silent = false;
    await poll(pushed.routerId);
    expect((await h.drift.getDriftView(pushed.routerId))!.state).toBe("in-sync");
  });
});

describe("import from router", () => {
  it("builds a rule set from the router's rules (foreign included, raw where the model cannot hold them), and can take ownership", async () => {
    const source = await startRouterOsPeer({ seed: { defconf: true } });
    h.peers.push(source);
    const routerId = await addRouter(`imp${++h.n}`, source);
    const r = await h.drift.importFromRouter(editor(), routerId, { name: "from defconf", takeOwnership: true });
    if (!r.ok) throw new Error(r.message);
    expect(r.rules).toBeGreaterThan(20);
    // only the router's own dynamic fasttrack row is listed; the rest is raw rules
    expect(r.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^dynamic/)]);
    expect(r.assigned).toBe(true);
    const rev = (await h.rulesets.getRevision(r.ruleSetId, 1))!;
    expect(rev.message).toMatch(/^Imported from router imp\d+ by alice$/);
    expect(await h.db.auditEvent.count({ where: { action: "router.import", targetId: routerId } })).toBe(1);

    // import → push to an empty router → the same rules there
    const empty = await startRouterOsPeer();
    h.peers.push(empty);
    const target = await addRouter(`imp${++h.n}`, empty);
    expect((await h.push.assignRuleSet(h.users.admin.actor, target, r.ruleSetId)).ok).toBe(true);
    expect((await pushRevision(target, r.ruleSetId, 1)).status).toBe("done");
    const back = mikrotikDecompile(empty);
    expect((await back).content.rules.map((x) => [x.family, x.chain, x.action, x.comment])).toEqual(
      rev.content.rules.map((x) => [x.family, x.chain, x.action, x.comment]),
    );

    // taking ownership is a previewed push on the source router itself that re-tags its own rows: no copies
    // (take-ownership.test.ts pushes it and checks the router)
    const p = await h.push.previewPush(h.users.admin.actor, routerId, r.ruleSetId, 1);
    if (!p.ok) throw new Error(p.refusal.message);
    expect(p.preview.plan.counts.add).toBe(0);
    expect(p.preview.plan.changes.filter((c) => c.description.startsWith("take ownership of ")).length).toBe(r.claimed);
  });

  it("exports a revision as a RouterOS script that imports back to the same content", async () => {
    const ruleSetId = await newRuleSet(h.users.admin.userId, `exp${++h.n}`, v1);
    const t = await h.drift.exportRuleSetText(ruleSetId, "mikrotik");
    if (!t.ok) throw new Error(t.message);
    expect(t.filename).toMatch(/\.r1\.rsc$/);
    expect((await h.drift.importRuleSetText("mikrotik", t.text))!.content).toEqual(v1);
  });
});

async function mikrotikDecompile(peer: RouterOsPeer) {
  const s = await mikrotikDriver.connect(routerOsAdminTarget(peer));
  try {
    return mikrotikDriver.planner!.decompile!(await s.readFirewall(), { managedOnly: true });
  } finally {
    await s.close();
  }
}
