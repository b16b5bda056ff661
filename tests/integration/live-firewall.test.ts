import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RuleSetContent } from "@/lib/rules/schema";
import { rule } from "@/tests/support/rule-fixtures";
import type { RouterOsPeer } from "../peers/routeros";
import {
  addOpenWrtRouter,
  addRouter,
  newRuleSet,
  openWrtPushHooks,
  saveRevision,
  setupPushDatabase,
  startPeer,
} from "./push-fixture";

vi.setConfig({ testTimeout: 90_000 });

/**
 * Issue #21.3: the router's live firewall, in router order, each row marked Rampart's / foreign / dynamic, with
 * the counters the router keeps; and the rules' hits recorded from those reads. Both peers, a real database, the
 * registry's drivers; traffic is the peers' test hooks adding to the counters as a router's packet path would.
 */
const dir = setupPushDatabase("live-firewall");
const h = openWrtPushHooks();
const rosPeers: RouterOsPeer[] = [];
let hits: typeof import("@/lib/hits/live-view");
let usage: typeof import("@/lib/hits/rule-set-hits");
let refresh: typeof import("@/lib/hits/refresh-hits");

beforeAll(async () => {
  hits = await import("@/lib/hits/live-view");
  usage = await import("@/lib/hits/rule-set-hits");
  refresh = await import("@/lib/hits/refresh-hits");
});
afterAll(async () => {
  await Promise.all(rosPeers.map((p) => p.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const office = rule({
  id: "rsshoff01",
  family: "ipv4",
  protocol: "tcp",
  dstPorts: [{ from: 22, to: 22 }],
  comment: "SSH from office",
});
const web = rule({ id: "rweblive1", family: "ipv4", protocol: "tcp", dstPorts: [{ from: 443, to: 443 }], comment: "" });
const content: RuleSetContent = { rules: [web, office], addressLists: [] };

async function read(routerId: string) {
  const r = await hits.readLiveFirewall(routerId);
  if (!r.ok) throw new Error(r.message);
  return r.view;
}

async function pushed(routerId: string, name: string) {
  const ruleSetId = await newRuleSet(h.users.admin.userId, name, content);
  const a = await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId);
  if (!a.ok) throw new Error(a.message);
  const d = await h.previewAndPush(routerId, ruleSetId, 1);
  expect(d.status, d.error ?? "").toBe("done");
  return ruleSetId;
}

describe("RouterOS", () => {
  it("lists every filter row in router order, marked, with the router's counters, which rise with traffic", async () => {
    const peer = await startPeer();
    rosPeers.push(peer);
    const routerId = await addRouter("ros-live", peer);
    const ruleSetId = await pushed(routerId, "live-ros");

    const view = await read(routerId);
    const rows = peer.rows("ip/firewall/filter");
    // exactly the router's rows, in its order
    expect(view.rules.filter((r) => r.family === "ipv4").map((r) => r.ref)).toEqual(rows.map((r) => r[".id"]));
    const byRef = new Map(view.rules.map((r) => [r.ref, r]));
    for (const row of rows) {
      const v = byRef.get(row[".id"])!;
      const want = row.dynamic === "true" ? "dynamic" : row.comment?.startsWith("rampart:") ? "rampart" : "foreign";
      expect(v.origin, row.comment).toBe(want);
      expect(v.packets).toBe(0);
    }
    const sshRow = rows.find((r) => r.comment?.startsWith("rampart:rsshoff01"))!;
    expect(byRef.get(sshRow[".id"])).toMatchObject({ ruleId: "rsshoff01", ruleLabel: "#2 SSH from office" });
    expect(view.rules.some((r) => r.origin === "dynamic")).toBe(true);
    expect(view.rules.some((r) => r.origin === "foreign")).toBe(true);

    // first read: counters known, no hit yet (nothing is known about before it)
    let u = await usage.ruleSetHits(ruleSetId);
    expect(u!.rules.find((r) => r.ruleId === "rsshoff01")).toMatchObject({
      state: "quiet",
      reported: 1,
      routers: 1,
      packets: 0,
      lastHitAt: null,
    });

    peer.countTraffic("ip/firewall/filter", sshRow[".id"], 12, 840);
    const after = await read(routerId);
    expect(after.rules.find((r) => r.ref === sshRow[".id"])).toMatchObject({ packets: 12, bytes: 840 });
    u = await usage.ruleSetHits(ruleSetId);
    const ssh = u!.rules.find((r) => r.ruleId === "rsshoff01")!;
    expect(ssh).toMatchObject({ state: "used", packets: 12, bytes: 840 });
    expect(ssh.lastHitAt).toBe(after.readAt);
    expect(u!.rules.find((r) => r.ruleId === "rweblive1")).toMatchObject({ state: "quiet", packets: 0 });

    // a reboot: counters back at 0, which is neither a hit nor a loss of the last one
    peer.resetCounters();
    const rebooted = await read(routerId);
    u = await usage.ruleSetHits(ruleSetId);
    expect(u!.rules.find((r) => r.ruleId === "rsshoff01")).toMatchObject({
      state: "used",
      packets: 0,
      lastHitAt: after.readAt,
    });
    expect(rebooted.rules.every((r) => r.packets === 0)).toBe(true);
  });

  it("a rule removed from the router loses its record; an unreachable router is an error, its record kept", async () => {
    const peer = await startPeer();
    rosPeers.push(peer);
    const routerId = await addRouter("ros-live-2", peer);
    const ruleSetId = await pushed(routerId, "live-ros-2");
    await read(routerId);
    const recorded = async () => {
      const { decodeHits } = await import("@/lib/hits/hit-codec");
      const row = await h.db.routerHits.findUniqueOrThrow({ where: { routerId } });
      return [...decodeHits(row.rules)!.keys()];
    };
    // one record for the router, holding both rules
    expect(await h.db.routerHits.count({ where: { routerId } })).toBe(1);
    expect(await recorded()).toEqual(["rsshoff01", "rweblive1"]);
    await saveRevision(h.users.admin.userId, ruleSetId, { rules: [office], addressLists: [] });
    expect((await h.previewAndPush(routerId, ruleSetId, 2)).status).toBe("done");
    await read(routerId);
    expect(await recorded()).toEqual(["rsshoff01"]);

    await peer.close();
    const r = await hits.readLiveFirewall(routerId);
    expect(r).toMatchObject({ ok: false, code: "router_error" });
    const refreshed = await refresh.refreshRuleSetHits(ruleSetId);
    expect(refreshed!.failed.map((f) => f.routerName)).toEqual(["ros-live-2"]);
    expect(refreshed!.rules.find((x) => x.ruleId === "rsshoff01")).toMatchObject({ reported: 1 });
  });
});

describe("OpenWrt", () => {
  it("lists the kernel's chains with nft's counters; Rampart's, the config's own and fw4's rows marked", async () => {
    const peer = await h.newPeer();
    const routerId = await addOpenWrtRouter("owrt-live", peer);
    const ruleSetId = await pushed(routerId, "live-owrt");

    const view = await read(routerId);
    const mine = view.rules.filter((r) => r.origin === "rampart");
    expect(mine.map((r) => [r.ruleId, r.ruleLabel])).toEqual([
      ["rweblive1", "#1 accept ipv4 tcp from any to any port 443 on input"],
      ["rsshoff01", "#2 SSH from office"],
    ]);
    // the config's own sections (Allow-DHCP-Renew …) are foreign; the stand-in's kernel holds the rule sections'
    // chains only, so fw4's own rows (dynamic) are checked on a listing in lib/routers/openwrt/live-rules.test.ts
    expect(view.rules.find((r) => r.summary.startsWith("Allow-DHCP-Renew"))).toMatchObject({
      origin: "foreign",
      chain: "input_wan",
      packets: 0,
    });
    expect(mine.every((r) => r.packets === 0 && r.bytes === 0)).toBe(true);
    // each row is where nft lists it: positions count up per chain
    const input = view.rules.filter((r) => r.chain === "input");
    expect(input.map((r) => r.position)).toEqual(input.map((_, i) => i + 1));

    // a rule added by hand with nft is foreign; one without a counter has none
    expect(peer.nft(["add", "rule", "inet", "fw4", "input_wan", "ip", "saddr", "192.0.2.9", "drop"]).rc).toBe(0);
    peer.countTraffic("!fw4: SSH from office", 5, 300);
    const after = await read(routerId);
    expect(after.rules.find((r) => r.summary === "ip saddr 192.0.2.9 drop")).toMatchObject({
      origin: "foreign",
      packets: null,
    });
    expect(after.rules.find((r) => r.ruleId === "rsshoff01")).toMatchObject({ packets: 5, bytes: 300 });
    const u = await usage.ruleSetHits(ruleSetId);
    expect(u!.rules.find((r) => r.ruleId === "rsshoff01")).toMatchObject({ state: "used", packets: 5 });

    // fw4 reload loads every rule anew: counters at 0 again, and that is not a hit
    expect(peer.fw4(["reload"]).rc).toBe(0);
    const reloaded = await read(routerId);
    expect(reloaded.rules.find((r) => r.ruleId === "rsshoff01")).toMatchObject({ packets: 0 });
    const u2 = await usage.ruleSetHits(ruleSetId);
    expect(u2!.rules.find((r) => r.ruleId === "rsshoff01")).toMatchObject({ lastHitAt: after.readAt, packets: 0 });
  });
});
