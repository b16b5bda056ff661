// The push issue's required tests for OpenWrt, part 1: lib/push (preview -> push -> deployment record) with the
// real OpenWrt driver and planner against the stand-in (real sshd, uci/fw4 stand-ins). Router state is read
// from the stand-in itself (committed file, its own parser, its uci), never from Rampart's database.
// Faults mid-apply: push-openwrt-drops.test.ts and push-openwrt-faults.test.ts.
import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import {
  expectOpenWrtState,
  lockoutRule,
  OPENWRT_V1,
  OPENWRT_V2,
  openWrtForeign,
  openWrtManaged,
  openWrtSections,
  openWrtState,
  saveRevision,
  setupPushDatabase,
  openWrtPushHooks,
  v1,
  v2,
  waitFor,
  type OpenWrtState,
} from "./push-fixture";

// a push reads the kernel too (nft) and makes sets exact: more stand-in commands, each a node process
vi.setConfig({ testTimeout: 90_000 });

const dir = setupPushDatabase("push-openwrt");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const alive = (pid: number) =>
  pid > 0 && fs.existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));

/** v2 as the stand-in holds it after the clean push of the first test. */
let expectedV2: OpenWrtState | null = null;

describe("push to OpenWrt", () => {
  it("previews the uci batch against live state and pushes exactly that: new sections present, foreign ones untouched and in place, the revert timer disarmed with nothing left", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V1);
    const before = openWrtState(peer);
    const foreignBefore = openWrtForeign(peer);
    const reloadsBefore = peer.reloads().length;
    await saveRevision(h.users.admin.userId, ruleSetId, v2);

    const p = await h.preview(routerId, ruleSetId, 2);
    expect(p.plan.counts).toEqual({ add: 2, change: 1, remove: 0, move: 0 });
    const change = p.plan.changes.find((c) => c.kind === "change" && c.ruleId === "rweb0001")!;
    expect(change.fields?.some((f) => f.old.includes("443") && f.new.includes("8443"))).toBe(true);
    const wire = p.plan.ops.flatMap((o) => o.wire);
    expect(wire).toContain("set firewall.rampart_rdns0001='rule'");
    expect(wire).toContain("add_list firewall.rampart_set_office_4.entry='10.2.0.0/16'");
    expect(wire.every((l) => /^(set|add_list|del_list|delete|reorder) firewall\.rampart_/.test(l))).toBe(true);
    expect(p.lockout).toMatchObject({ checked: true, blockedBy: null, path: { dstPort: peer.port } });
    expect(openWrtState(peer)).toEqual(before); // a preview writes nothing

    // the watchdog's pids, read on the router between apply and verify
    let watchdog: { pid: number; sleepPid: number } | null = null;
    h.queue.setPushHooks({
      beforePhase: async (phase, id) => {
        if (phase !== "verify") return;
        const pid = Number(fs.readFileSync(`${peer.revertDir(id)}/pid`, "utf8"));
        // the watchdog's sleeping child, as the kernel lists it
        const [sleepPid] = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).map(Number);
        watchdog = { pid, sleepPid };
      },
    });
    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id);
    expect(d.status, d.error ?? "").toBe("done");
    expect(d.steps.map((s) => s.phase)).toEqual(
      expect.arrayContaining(["connect", "check", "arm", "apply", "verify", "confirm"]),
    );

    // Rampart's block in the new order with the new values; every foreign section untouched and in place.
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V2);
    expect(peer.uci(["get", "firewall.rampart_rweb0001.dest_port"]).stdout).toBe("8443\n");
    expect(peer.uci(["get", "firewall.rampart_rdns0001.proto"]).stdout).toBe("udp\n");
    expect(peer.uci(["get", "firewall.rampart_set_office_4.entry"]).stdout).toBe("10.1.0.0/16 10.2.0.0/16\n");
    expect(openWrtForeign(peer)).toEqual(foreignBefore);
    const all = openWrtSections(peer);
    const managedAt = all.flatMap((s, i) => (/^\S+ rampart_/.test(s) ? [i] : []));
    expect(managedAt.at(-1)! - managedAt[0] + 1).toBe(managedAt.length); // one contiguous block
    expect(all.slice(0, managedAt[0])).toEqual(before.sections.slice(0, managedAt[0])); // what came before it still does
    // committed, not only staged, and live: exactly one fw4 reload, which loaded, then the sets made exact
    expect(peer.uci(["changes", "firewall"]).stdout).toBe("");
    expect(peer.readConfig()).toContain("config rule 'rampart_rdns0001'");
    expect(peer.reloads().slice(reloadsBefore)).toEqual([
      expect.objectContaining({ cmd: "reload", loaded: true }),
      expect.objectContaining({ cmd: "reload-sets", loaded: true }),
    ]);
    expect(peer.kernelSet("rampart_set_office_4")).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);
    expect(peer.readLiveRuleset()).toContain('comment "!fw4: dns"');
    // the revert timer: disarmed, its copy and its processes gone
    expect(watchdog).not.toBeNull();
    expect(fs.existsSync(peer.revertDir(d.id))).toBe(false);
    expect(alive(watchdog!.pid) || alive(watchdog!.sleepPid)).toBe(false);
    expectedV2 = openWrtState(peer);

    expect(await h.db.auditEvent.count({ where: { action: "push.done", targetId: routerId } })).toBe(2);
    expect((await h.preview(routerId, ruleSetId, 2)).inSync).toBe(true);
  });

  it("a preview names a rule whose interface is in no zone of this router at its field, and so does the next preview of that revision (its compile is shared, the zones are the router's)", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const before = openWrtState(peer);
    const revision = await saveRevision(h.users.admin.userId, ruleSetId, {
      ...v1,
      rules: [...v1.rules, rule({ id: "rzone001", chain: "input", inInterface: "eth9", comment: "nowhere" })],
    });
    for (let i = 0; i < 2; i++) {
      const p = await h.push.previewPush(h.users.admin.actor, routerId, ruleSetId, revision);
      expect(p.ok).toBe(false);
      if (p.ok) return;
      expect(p.code).toBe("validation_failed");
      expect(p.issues).toEqual([
        expect.objectContaining({
          path: "rules.2.inInterface",
          message: expect.stringMatching(/^interface 'eth9' is in no firewall zone on this router/),
        }),
      ]);
    }
    expect(openWrtState(peer)).toEqual(before);
  });

  it("refuses when the router changed since the preview (a section added by hand), changing nothing; a fresh preview then pushes and keeps the hand-made section", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    const p = await h.preview(routerId, ruleSetId, 2);
    const byHand = peer.uci(
      ["batch"],
      "set firewall.by_hand=rule\nset firewall.by_hand.name='Added-by-hand'\nset firewall.by_hand.src='wan'\nset firewall.by_hand.proto='tcp'\nset firewall.by_hand.dest_port='8080'\nset firewall.by_hand.target='ACCEPT'\ncommit firewall\n",
    );
    expect(byHand.stderr).toBe("");
    const handEdited = openWrtState(peer);

    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id);
    expect(d.status).toBe("refused");
    expect(d.error).toMatch(/the router changed since the preview/);
    expectOpenWrtState(peer, handEdited);

    const fresh = await h.previewAndPush(routerId, ruleSetId, 2);
    expect(fresh.status, fresh.error ?? "").toBe("done");
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V2);
    expect(peer.uci(["get", "firewall.by_hand.dest_port"]).stdout).toBe("8080\n");
  });

  it("lockout guard on the SSH port: refuses a rule that drops Rampart's own connection, naming it; only an admin override pushes it, recorded", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [lockoutRule(peer), ...v1.rules] });
    const p = await h.preview(routerId, ruleSetId, 2);
    expect(p.lockout.blockedBy).toMatchObject({ ruleId: "rlock0001", ruleIndex: 0, action: "drop" });
    const before = openWrtState(peer);

    const refused = await h.startPreviewed(routerId, ruleSetId, 2, p.id);
    expect(refused).toMatchObject({ ok: false, code: "validation_failed" });
    expect(!refused.ok && refused.message).toMatch(
      new RegExp(
        `Rampart's rule #1 \\(oops\\) would drop Rampart's own connection from 127\\.0\\.0\\.1 to 127\\.0\\.0\\.1 port ${peer.port}`,
      ),
    );
    const notAdmin = await h.startPreviewed(
      routerId,
      ruleSetId,
      2,
      p.id,
      { override: { lockout: true } },
      h.users.operator,
    );
    expect(notAdmin).toMatchObject({ ok: false, code: "forbidden" });
    expectOpenWrtState(peer, before);

    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id, {
      override: { lockout: true, noTimer: false, staged: false },
    });
    expect(d.status, d.error ?? "").toBe("done");
    expect(d.overrides).toEqual([expect.objectContaining({ kind: "lockout", by: "alice" })]);
    expect(d.steps.some((s) => s.level === "warn" && /overridden by alice/.test(s.message))).toBe(true);
    expect(openWrtManaged(peer)).toEqual([
      "rampart_set_office_4",
      "rampart_rlock0001",
      "rampart_rssh0001",
      "rampart_rweb0001",
    ]);
    expect(peer.uci(["get", "firewall.rampart_rlock0001.dest_port"]).stdout).toBe(`${peer.port}\n`);
    expect(peer.uci(["get", "firewall.rampart_rlock0001.target"]).stdout).toBe("DROP\n");
  });
});

describe("Rampart dies mid-push (last: its push never finishes in this process)", () => {
  it("Rampart killed after apply: nothing confirms, and once the 12 s window passes the stand-in's committed config is the old one exactly, by itself", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const old = openWrtState(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, v2);
    h.queue.setPushHooks({
      beforePhase: (phase) => (phase === "verify" ? new Promise<void>(() => {}) : Promise.resolve()),
    });
    const p = await h.preview(routerId, ruleSetId, 2);
    // revertSecondsSchema asks people for ≥ 15 s; lib/push itself runs any whole number of seconds, and a short
    // window keeps this test fast. Only the request schema's minimum is bypassed.
    const req = {
      ...h.push.pushRequestSchema.parse({ revision: 2, routers: [routerId], previewIds: [p.id] }),
      revertSeconds: 12,
    };
    const r = await h.push.startPush(h.users.admin, ruleSetId, req);
    if (!r.ok) throw new Error(r.message);
    const id = r.deploymentIds[0];
    await waitFor(
      () => h.db.deployment.findUnique({ where: { id } }),
      (x) => x?.status === "verifying",
    );
    const armedAt = (await h.db.deploymentStep.findFirst({ where: { deploymentId: id, phase: "arm" } }))!.at.getTime();

    // the new state, committed and live, while the watchdog waits
    expect(openWrtManaged(peer)).toEqual(OPENWRT_V2);
    if (expectedV2) expectOpenWrtState(peer, expectedV2);
    expect(fs.existsSync(peer.revertDir(id))).toBe(true);

    await waitFor(
      async () => fs.existsSync(peer.revertDir(id)),
      (exists) => !exists,
      30_000,
    );
    expect(Date.now() - armedAt).toBeGreaterThanOrEqual(12_000);
    expectOpenWrtState(peer, old);
    expect(
      peer
        .reloads()
        .filter((r) => r.cmd === "reload")
        .at(-1),
    ).toEqual(expect.objectContaining({ cmd: "reload", loaded: true }));
    // the router is back where it was: a fresh preview plans the whole v1 -> v2 change again
    expect((await h.preview(routerId, ruleSetId, 2)).plan.counts).toEqual({ add: 2, change: 1, remove: 0, move: 0 });

    expect(await h.push.recoverInterruptedPushes({ force: true })).toBe(1);
    const d = (await h.push.getDeployment(id))!;
    // recovery reads the router: the old rules exactly and no timer of this push left (it has run)
    expect(d.status).toBe("rolled-back");
    expect(d.error).toMatch(/Rampart restarted during this push/);
    expect(d.rollbackOutcome).toMatch(
      /^rolled back by the router's revert timer: on restart Rampart read the router over a new connection: it holds exactly the rules of the last confirmed push, as before this push, and no revert timer of this push is pending$/,
    );
  }, 120_000);
});
