import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { addRouter, editByHand, migrateDatabase, seedUsers, setupPushDatabase, waitFor } from "./push-fixture";

/**
 * Issue #20 "nothing skipped on import", NAT table: a RouterOS router with the defconf masquerade row and a
 * foreign redirect (neither fits the NAT model) is imported through lib/drift as the UI does it, the rule set is
 * pushed through lib/push to an empty router, and the two NAT tables read from the peers are the same.
 */
const dir = setupPushDatabase("import-nat");
let users: Awaited<ReturnType<typeof seedUsers>>;
let push: typeof import("@/lib/push");
let drift: typeof import("@/lib/drift");
let rulesets: typeof import("@/lib/rulesets");
let db: typeof import("@/lib/db/client").db;
const peers: RouterOsPeer[] = [];

beforeAll(async () => {
  migrateDatabase();
  push = await import("@/lib/push");
  drift = await import("@/lib/drift");
  rulesets = await import("@/lib/rulesets");
  db = (await import("@/lib/db/client")).db;
  users = await seedUsers();
});
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function peer(opts: Parameters<typeof startRouterOsPeer>[0] = {}) {
  const p = await startRouterOsPeer(opts);
  peers.push(p);
  return p;
}

/** The NAT table as an admin compares two routers: every row and property in order, ids, counters and tags aside. */
function natTable(p: RouterOsPeer) {
  return p.rows("ip/firewall/nat").map((r) =>
    Object.fromEntries(
      Object.entries(r)
        .filter(([k]) => ![".id", "bytes", "packets"].includes(k))
        .map(([k, v]) => [k, k === "comment" ? v.replace(/^rampart:\S+ ?/, "") : v]),
    ),
  );
}

describe("import of a router's own NAT rows (RouterOS)", () => {
  it("the defconf masquerade and a foreign redirect come over as raw NAT rules and push to an empty router identically", async () => {
    const source = await peer({ seed: { defconf: true } });
    // a transparent DNS redirect someone added in WinBox: redirect is no action the NAT model has
    await editByHand(source, [
      "/ip/firewall/nat/add",
      "=chain=dstnat",
      "=action=redirect",
      "=protocol=udp",
      "=dst-port=53",
      "=in-interface-list=LAN",
      "=to-ports=53",
      "=comment=dns to the router",
    ]);
    const sourceId = await addRouter("nat-source", source);
    const editor = rulesets.userEditor({ id: users.admin.userId, username: "alice" });
    const imported = await drift.importFromRouter(editor, sourceId, { name: "imported nat" });
    if (!imported.ok) throw new Error(imported.message);
    // the only item left out is the router's dynamic fasttrack counter row
    expect(imported.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^dynamic:/)]);
    const content = (await rulesets.getRevision(imported.ruleSetId, 1))!.content;
    expect(content.nat?.map((n) => [n.comment, n.raw?.vendor, n.raw?.type, n.raw?.props.action])).toEqual([
      ["defconf: masquerade", "mikrotik", "nat", "masquerade"],
      ["dns to the router", "mikrotik", "nat", "redirect"],
    ]);

    const target = await peer();
    expect(target.rows("ip/firewall/nat")).toEqual([]);
    const targetId = await addRouter("nat-target", target);
    expect((await push.assignRuleSet(users.admin.actor, targetId, imported.ruleSetId)).ok).toBe(true);
    const p = await push.previewPush(users.admin.actor, targetId, imported.ruleSetId, 1);
    if (!p.ok) throw new Error(p.refusal.message);
    const r = await push.startPush(
      users.admin,
      imported.ruleSetId,
      push.pushRequestSchema.parse({ revision: 1, routers: [targetId], previewIds: [p.preview.id], revertSeconds: 60 }),
    );
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    await waitFor(
      () => push.getBatch(r.batchId),
      (b) => !!b && b.state !== "running",
    );
    const d = (await push.getDeployment(r.deploymentIds[0]))!;
    expect(d.status, d.error ?? "").toBe("done");

    expect(natTable(target)).toEqual(natTable(source));
    expect(natTable(target)).toHaveLength(2);
    // read back: in sync, a second preview sends nothing
    const again = await push.previewPush(users.admin.actor, targetId, imported.ruleSetId, 1);
    if (!again.ok) throw new Error(again.refusal.message);
    expect(again.preview.plan.ops).toEqual([]);
    expect(await drift.checkDriftNow(targetId)).toMatchObject({ state: "in-sync" });

    // a hand edit of the raw masquerade on the target is drift, by that one property
    const masq = target.rows("ip/firewall/nat").find((row) => row.action === "masquerade")!;
    await editByHand(target, ["/ip/firewall/nat/set", `=.id=${masq[".id"]}`, "=ipsec-policy=out,ipsec"]);
    expect(await drift.checkDriftNow(targetId)).toMatchObject({ state: "drifted", changes: 1 });
  });
});
