// The planner and the revert timer against the real stand-in (sshd + uci/fw4). Router state is always read
// from the stand-in itself (its uci, its parser, its files), never from the driver's bookkeeping.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import type { Rule } from "@/lib/rules/schema";
import { warningsAboutManaged } from "./apply-ops";
import { GOLDEN_FIXTURES } from "@/tests/support/openwrt-golden/fixtures";
import type { OpenWrtPeer } from "../../../tests/peers/openwrt/start-openwrt-peer";
import { uciExportOf } from "./live-firewall";
import { openWrtPlanner as planner } from "./planner";
import { parseUciExport } from "./uci-export-parse";
import { desiredOf, driverFailure as failure, standInsPerTest } from "@/tests/support/openwrt-driver-kit";

const standIns = standInsPerTest();
const { start, connect } = standIns;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nRules = (n: number, port = 1000): Rule[] =>
  Array.from({ length: n }, (_, i) =>
    rule({
      id: `rpush${String(i).padStart(4, "0")}`,
      protocol: "tcp",
      dstPorts: [{ from: port + i, to: port + i }],
      comment: `rule ${i}`,
    }),
  );

/** The stand-in's own view: `uci export firewall` (what a restore must reproduce) and its sections. */
const exportOf = (p: OpenWrtPeer) => p.uci(["export", "firewall"]).stdout;
const foreignTexts = (text: string) =>
  parseUciExport(text)
    .filter((s) => !s.name?.startsWith("rampart_"))
    .map((s) => s.text);
const managedNames = (p: OpenWrtPeer) =>
  p
    .readState()
    .sections.filter((s) => s.name?.startsWith("rampart_"))
    .map((s) => s.name);
const revertDir = (pushId: string) => standIns.peer.revertDir(pushId);
const pushId = () => `t${Math.random().toString(36).slice(2, 12)}`;
const alive = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
/** The watchdog's sleeping child (the kernel lists a process's children). */
const childrenOf = (pid: number) =>
  fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
/** fw4 runs of the reload step, reload-sets (Rampart's set sync) left out. */
const fullReloads = (p: OpenWrtPeer) => p.reloads().filter((r) => r.cmd !== "reload-sets");

describe("apply(plan) -> readFirewall -> compare", () => {
  it.each(Object.keys(GOLDEN_FIXTURES))(
    "golden fixture %s loads in fw4, compares equal, foreign sections untouched in place",
    async (name) => {
      const p = await start();
      const foreignBefore = foreignTexts(exportOf(p));
      const s = await connect(p);
      const desired = desiredOf(GOLDEN_FIXTURES[name]);
      await s.apply(planner.plan(await s.readFirewall(), desired).ops);
      expect(fullReloads(p).at(-1)).toEqual(expect.objectContaining({ cmd: "reload", loaded: true }));
      expect(warningsAboutManaged(p.fw4(["check"]).stderr)).toEqual([]);
      expect(p.uci(["changes"]).stdout).toBe("");
      expect(foreignTexts(exportOf(p))).toEqual(foreignBefore);
      const s2 = await connect(p);
      expect(planner.compare(await s2.readFirewall(), desired)).toEqual([]);
      expect(planner.plan(await s2.readFirewall(), desired).ops).toEqual([]);
      // Rampart's block sits right before the first foreign rule
      const sections = p.readState().sections;
      const firstForeignRule = sections.findIndex((x) => x.type === "rule" && !x.name?.startsWith("rampart_"));
      const managed = sections.flatMap((x, i) => (x.name?.startsWith("rampart_") ? [i] : []));
      expect(managed.at(-1)).toBe(firstForeignRule - 1);
      expect(managed.at(-1)! - managed[0] + 1).toBe(managed.length);
    },
  );

  it("what the preview says happens: the live ruleset has the rules, established/related is only a note", async () => {
    const p = await start();
    const s = await connect(p);
    const desired = desiredOf(GOLDEN_FIXTURES.basics);
    expect(desired.notes.map((n) => n.ruleId)).toEqual(["restab01"]);
    await s.apply(planner.plan(await s.readFirewall(), desired).ops);
    const nft = p.readLiveRuleset();
    expect(nft).toContain('comment "!fw4: SSH from the office"');
    expect(nft).toMatch(
      /chain input_wan \{\n\t\tmeta nfproto ipv4 meta l4proto tcp ip saddr 198\.51\.100\.0\/24 tcp dport 22 counter accept comment "!fw4: SSH from the office"\n/,
    );
    expect(managedNames(p)).not.toContain("rampart_restab01");
  });

  it("a managed rule outside the rule set is removed; foreign rules with the same options stay", async () => {
    const p = await start();
    const s = await connect(p);
    await s.apply(planner.plan(await s.readFirewall(), desiredOf(content(nRules(3)))).ops);
    const plan = planner.plan(await s.readFirewall(), desiredOf(content(nRules(2))));
    expect(plan.ops.map((o) => o.wire)).toEqual([["delete firewall.rampart_rpush0002"]]);
    await s.apply(plan.ops);
    expect(managedNames(p)).toEqual(["rampart_rpush0000", "rampart_rpush0001"]);
    expect(p.readState().sections.some((x) => x.name === "guest_ssh")).toBe(true);
  });
});

describe("plan minimality on a 200-rule router", () => {
  it("push 200 (uci import), change 1 = 1 line, move last to top = 1 reorder; the stand-in holds each result", async () => {
    const p = await start();
    const s = await connect(p);
    const rules = nRules(200);
    const first = planner.plan(await s.readFirewall(), desiredOf(content(rules)));
    expect(first.ops[0].wire[0]).toMatch(/^# rampart: uci import firewall/);
    await s.apply(first.ops);
    expect(managedNames(p)).toHaveLength(200);

    const changed = rules.map((r, i) => (i === 99 ? { ...r, action: "drop" as const } : r));
    const p1 = planner.plan(await s.readFirewall(), desiredOf(content(changed)));
    expect(p1.ops.map((o) => o.wire)).toEqual([["set firewall.rampart_rpush0099.target='DROP'"]]);
    await s.apply(p1.ops);
    expect(p.uci(["get", "firewall.rampart_rpush0099.target"]).stdout).toBe("DROP\n");

    const moved = [changed[199], ...changed.slice(0, 199)];
    const p2 = planner.plan(await s.readFirewall(), desiredOf(content(moved)));
    expect(p2.ops[0].wire).toHaveLength(1);
    expect(p2.ops[0].wire[0]).toMatch(/^reorder firewall\.rampart_rpush0199=\d+$/);
    await s.apply(p2.ops);
    expect(managedNames(p).slice(0, 3)).toEqual(["rampart_rpush0199", "rampart_rpush0000", "rampart_rpush0001"]);
    expect(planner.compare(await (await connect(p)).readFirewall(), desiredOf(content(moved)))).toEqual([]);
  });
});

describe("uci import strategy", () => {
  it("keeps every foreign section byte-exact; the committed file is exactly the imported text", async () => {
    const p = await start();
    const s = await connect(p);
    const before = exportOf(p);
    const plan = planner.plan(
      await s.readFirewall(),
      desiredOf(content(nRules(4), [list("office", ["192.0.2.0/24"])])),
      { strategy: "import" },
    );
    await s.apply(plan.ops);
    const text = plan.ops[0].wire.slice(1).join("\n");
    expect(p.readConfig()).toBe(text.replace(/^package firewall\n/, ""));
    expect(exportOf(p)).toBe(text);
    expect(foreignTexts(exportOf(p))).toEqual(foreignTexts(before));
    expect(fullReloads(p).at(-1)).toEqual(expect.objectContaining({ loaded: true }));
  });

  it("batch and import leave the same committed file", async () => {
    const results: string[] = [];
    for (const strategy of ["batch", "import"] as const) {
      const p = await start();
      const s = await connect(p);
      const desired = desiredOf(GOLDEN_FIXTURES.families);
      await s.apply(planner.plan(await s.readFirewall(), desired, { strategy }).ops);
      results.push(p.readConfig());
      await s.close();
      await p.close();
    }
    expect(results[0]).toBe(results[1]);
  });

  it("refuses an import whose base changed, or that would touch a foreign section, before sending it", async () => {
    const p = await start();
    const s = await connect(p);
    const live = await s.readFirewall();
    const plan = planner.plan(live, desiredOf(content(nRules(3))), { strategy: "import" });
    const tampered = { ...plan.ops[0], wire: plan.ops[0].wire.map((l) => l.replace("'Guest-SSH'", "'Guest-SSH-all'")) };
    expect(await failure(s.apply([tampered]))).toMatchObject({ kind: "protocol", opIndex: 0 });
    p.uci(["set", "firewall.guest_ssh.dest_port=2200"]);
    p.uci(["commit", "firewall"]);
    const before = exportOf(p);
    const e = await failure(s.apply(plan.ops));
    expect(e).toMatchObject({ kind: "router-error", opIndex: 0 });
    expect(e.message).toMatch(/changed since the plan was made/);
    expect(exportOf(p)).toBe(before);
  });
});

describe("faults mid-apply", () => {
  it("a line uci refuses: router-error, nothing changed, restorePlan has nothing to do", async () => {
    const p = await start();
    const s = await connect(p);
    const before = await s.readFirewall();
    p.setFaults({ refuseBatchLine: "rpush0001.target" });
    const e = await failure(s.apply(planner.plan(before, desiredOf(content(nRules(3)))).ops));
    expect(e).toMatchObject({ kind: "router-error", opIndex: 0, routerMessage: "uci: Invalid argument" });
    p.setFaults({});
    expect(exportOf(p)).toBe(uciExportOf(before));
    expect(p.uci(["changes"]).stdout).toBe("");
    expect(planner.restorePlan(await (await connect(p)).readFirewall(), before).ops).toEqual([]);
  });

  it("connection dropped after 4 batch lines: closed; the old state is whole, over a new connection", async () => {
    const p = await start();
    const s0 = await connect(p);
    await s0.apply(planner.plan(await s0.readFirewall(), desiredOf(content(nRules(4)))).ops);
    const before = await s0.readFirewall();
    p.setFaults({ dropAfterBatchLines: 4 });
    const changed = nRules(4, 2000).reverse();
    const e = await failure(s0.apply(planner.plan(before, desiredOf(content(changed))).ops));
    expect(e).toMatchObject({ kind: "closed", opIndex: 0 });
    p.setFaults({});
    const s1 = await connect(p);
    const current = await s1.readFirewall();
    expect(planner.restorePlan(current, before).ops).toEqual([]);
    expect(current.stateHash).toBe(before.stateHash);
    expect(p.uci(["changes"]).stdout).toBe("");
  });

  it("a push that went through and must be undone: restorePlan on a new connection gives exactly the old export", async () => {
    const p = await start();
    const s0 = await connect(p);
    await s0.apply(
      planner.plan(await s0.readFirewall(), desiredOf(content(nRules(6), [list("office", ["192.0.2.1", "192.0.2.2"])])))
        .ops,
    );
    const before = await s0.readFirewall();
    const next = nRules(6)
      .reverse()
      .map((r, i) => (i === 1 ? { ...r, comment: "", log: true, srcPorts: [] } : r))
      .slice(1);
    await s0.apply(planner.plan(before, desiredOf(content(next, [list("office", ["192.0.2.2", "192.0.2.3"])]))).ops);
    expect(exportOf(p)).not.toBe(uciExportOf(before));
    for (const strategy of ["batch", "import"] as const) {
      const s1 = await connect(p);
      const restore = planner.restorePlan(await s1.readFirewall(), before, { strategy });
      await s1.apply(restore.ops);
      expect(exportOf(p)).toBe(uciExportOf(before));
      expect((await (await connect(p)).readFirewall()).stateHash).toBe(before.stateHash);
      await s1.apply(
        planner.plan(await s1.readFirewall(), desiredOf(content(next, [list("office", ["192.0.2.2", "192.0.2.3"])])))
          .ops,
      );
    }
  }, 90_000);

  it("the connection is lost after uci import (fw4 check hangs): restorePlan on a new connection imports the old config back", async () => {
    const p = await start();
    const s0 = await connect(p, { commandTimeoutMs: 2000 });
    const before = await s0.readFirewall();
    const plan = planner.plan(before, desiredOf(content(nRules(300))));
    expect(plan.ops[0].wire[0]).toMatch(/^# rampart: uci import/);
    p.setFaults({ fw4DelayMs: 10_000 });
    const e = await failure(s0.apply(plan.ops));
    expect(e).toMatchObject({ kind: "timeout", opIndex: 0 });
    p.setFaults({});
    // the import itself went through; apply put the committed config back over a fresh connection at once
    // (its reload is still slowed by the fault: it times out too, and says so)
    expect(e.message).toMatch(/putting the committed config back failed: .*fw4 reload.* timed out/);
    expect(managedNames(p)).toHaveLength(0);
    const s1 = await connect(p);
    await s1.apply(planner.restorePlan(await s1.readFirewall(), before).ops);
    expect(exportOf(p)).toBe(uciExportOf(before));
  });
});

describe("revert timer (docs/openwrt-uci.md §5)", () => {
  it("without disarm: Rampart dies after apply, and 6 s later the router restored `before` exactly by itself", async () => {
    const p = await start();
    const s = await connect(p);
    const before = await s.readFirewall();
    const id = pushId();
    // long enough for the apply (every fw4/uci call of the stand-in starts a process) to finish first
    await s.armRevert!(before, { pushId: id, seconds: 6 });
    const armedAt = Date.now();
    expect(fs.readFileSync(`${revertDir(id)}/firewall`, "utf8")).toBe(uciExportOf(before));
    await s.apply(planner.plan(before, desiredOf(content(nRules(3)))).ops);
    await s.close(); // Rampart is gone: nothing will confirm
    expect(managedNames(p)).toHaveLength(3);
    const reloadsBefore = p.reloads().length;
    while (Date.now() - armedAt < 15_000 && fs.existsSync(revertDir(id))) await sleep(100);
    expect(Date.now() - armedAt).toBeGreaterThanOrEqual(6000);
    expect(fs.existsSync(revertDir(id))).toBe(false);
    expect(exportOf(p)).toBe(uciExportOf(before));
    expect(p.uci(["changes"]).stdout).toBe("");
    expect(p.reloads().slice(reloadsBefore)).toEqual([
      expect.objectContaining({ cmd: "reload", loaded: true }),
      expect.objectContaining({ cmd: "reload-sets", loaded: true }),
    ]);
    expect(p.readLiveRuleset()).not.toContain("rule 0");
    const s2 = await connect(p);
    expect((await s2.readFirewall()).stateHash).toBe(before.stateHash);
    expect((await failure(s2.disarmRevert!(id))).message).toMatch(/not armed any more/);
  }, 60_000);

  it("armed, then the router is lost right after uci import and Rampart never comes back: the timer restores `before`", async () => {
    const p = await start();
    const s = await connect(p, { commandTimeoutMs: 8000 });
    const before = await s.readFirewall();
    const id = pushId();
    // Generous windows: on a loaded CI machine the 250-section import itself can take seconds.
    await s.armRevert!(before, { pushId: id, seconds: 12 });
    p.setFaults({ fw4DelayMs: 30_000 });
    expect(await failure(s.apply(planner.plan(before, desiredOf(content(nRules(250)))).ops))).toMatchObject({
      kind: "timeout",
    });
    p.setFaults({});
    const t0 = Date.now();
    while (Date.now() - t0 < 25_000 && fs.existsSync(revertDir(id))) await sleep(100);
    expect(exportOf(p)).toBe(uciExportOf(before));
  }, 60_000);

  it("with disarm (over a new connection): nothing is restored, no process or copy is left", async () => {
    const p = await start();
    const s = await connect(p);
    const before = await s.readFirewall();
    const id = pushId();
    await s.armRevert!(before, { pushId: id, seconds: 20 });
    const pid = Number(fs.readFileSync(`${revertDir(id)}/pid`, "utf8"));
    await sleep(200);
    const [sleepPid] = childrenOf(pid);
    expect(alive(pid) && alive(sleepPid)).toBe(true);
    await s.apply(planner.plan(before, desiredOf(content(nRules(2)))).ops);
    const after = exportOf(p);
    await s.close();
    const s2 = await connect(p);
    await s2.disarmRevert!(id);
    expect(fs.existsSync(revertDir(id))).toBe(false);
    expect(alive(pid) || alive(sleepPid)).toBe(false);
    await sleep(2500);
    expect(exportOf(p)).toBe(after);
    expect(managedNames(p)).toEqual(["rampart_rpush0000", "rampart_rpush0001"]);
  });

  it("validates push id and delay before sending anything; one timer per push id", async () => {
    const p = await start();
    const s = await connect(p);
    const before = await s.readFirewall();
    for (const bad of ["../x", "A1", "", "a b", "x;reboot"])
      expect(await failure(s.armRevert!(before, { pushId: bad, seconds: 2 }))).toMatchObject({ kind: "protocol" });
    for (const bad of [0, 1.5, -3, 1e9])
      expect(await failure(s.armRevert!(before, { pushId: "ok1", seconds: bad }))).toMatchObject({ kind: "protocol" });
    expect(await failure(s.disarmRevert!("../../etc"))).toMatchObject({ kind: "protocol" });
    const id = pushId();
    await s.armRevert!(before, { pushId: id, seconds: 30 });
    expect((await failure(s.armRevert!(before, { pushId: id, seconds: 30 }))).message).toMatch(/already armed/);
    await s.disarmRevert!(id);
    expect(fs.existsSync(revertDir(id))).toBe(false);
  });

  it("listReverts names every push's timer with its firing time; clearRevert stops it and leaves nothing; a copy without its watchdog is listed as such", async () => {
    const p = await start();
    const s = await connect(p);
    const before = await s.readFirewall();
    const [a, b] = [pushId(), pushId()];
    const t0 = Math.floor(Date.now() / 1000);
    await s.armRevert!(before, { pushId: a, seconds: 300 });
    await s.armRevert!(before, { pushId: b, seconds: 300 });
    const mine = (await s.listReverts!())
      .filter((r) => r.pushId === a || r.pushId === b)
      .sort((x, y) => x.pushId.localeCompare(y.pushId));
    expect(mine).toEqual(
      [a, b]
        .sort()
        .map((pushId) => ({ pushId, pending: true, timer: true, script: true, firesAt: expect.any(String) })),
    );
    const fires = Date.parse(mine[0].firesAt!) / 1000;
    expect(fires).toBeGreaterThanOrEqual(t0 + 300);
    expect(fires).toBeLessThanOrEqual(t0 + 310);
    const pidA = Number(fs.readFileSync(`${revertDir(a)}/pid`, "utf8"));
    expect(await s.clearRevert!(a)).toMatchObject({ pushId: a, pending: true });
    expect(fs.existsSync(revertDir(a))).toBe(false);
    expect(alive(pidA)).toBe(false);
    expect(await s.clearRevert!(a)).toBeNull();
    // the watchdog gone (killed, as an out-of-memory kill would) but its copy left: listed, never pending
    const pidB = Number(fs.readFileSync(`${revertDir(b)}/pid`, "utf8"));
    for (const c of childrenOf(pidB)) process.kill(c, "SIGKILL");
    process.kill(pidB, "SIGKILL");
    await sleep(200);
    expect((await s.listReverts!()).find((r) => r.pushId === b)).toEqual({
      pushId: b,
      pending: false,
      timer: false,
      script: true,
      firesAt: null,
    });
    expect(await s.clearRevert!(b)).toMatchObject({ pushId: b, script: true });
    expect(fs.existsSync(revertDir(b))).toBe(false);
    expect((await s.listReverts!()).some((r) => r.pushId === a || r.pushId === b)).toBe(false);
    expect((await s.readFirewall()).stateHash).toBe(before.stateHash);
  });

  it("localAddress() is the address the router sees", async () => {
    const p = await start();
    const s = await connect(p);
    expect(s.localAddress!()).toBe("127.0.0.1");
  });
});
