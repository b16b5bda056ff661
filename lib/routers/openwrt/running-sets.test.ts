// #17.5: what the router ENFORCES, not only what uci says. `fw4 reload` keeps set elements and sets (the
// stand-in imitates that, docs/openwrt-uci.md §4): a removed address must be gone from the kernel's set after a
// push, a rollback and a timer restore, and read-back/drift must see a kernel that still holds it.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { openWrtPlanner as planner } from "./planner";
import { packetTestView } from "@/lib/analysis/views";
import { desiredOf, pushContent as push, standInsPerTest } from "@/tests/support/openwrt-driver-kit";

const { start, connect } = standInsPerTest();
const SET = "rampart_set_trusted_4";
const ssh = rule({
  id: "rtrusted1",
  protocol: "tcp",
  dstPorts: [{ from: 22, to: 22 }],
  src: { kind: "list", list: "trusted", negate: false },
  comment: "ssh from trusted",
});
const withTrusted = (addresses: string[]) => content([ssh], [list("trusted", addresses)]);

describe("kernel sets after a push (#17.5)", () => {
  it("an address removed from a list is gone from the kernel's set, and read-back says so only then", async () => {
    const p = await start();
    const s = await connect(p);
    await push(s, withTrusted(["192.0.2.1", "198.51.100.0/24"]));
    expect(p.kernelSet(SET)).toEqual(["192.0.2.1", "198.51.100.0/24"]);
    const d = await push(s, withTrusted(["198.51.100.0/24", "203.0.113.7"]));
    // fw4 reload alone would have left 192.0.2.1 in the set
    expect(p.kernelSet(SET)).toEqual(["198.51.100.0/24", "203.0.113.7"]);
    expect(planner.compare(await (await connect(p)).readFirewall(), d)).toEqual([]);
  });

  it("a list emptied, then dropped: the kernel's set is flushed, then deleted", async () => {
    const p = await start();
    const s = await connect(p);
    await push(s, withTrusted(["192.0.2.1"]));
    await push(s, withTrusted([]));
    expect(p.kernelSet(SET)).toEqual([]);
    const d = await push(s, content([{ ...ssh, src: { kind: "any" } }]));
    expect(p.kernelSet(SET)).toBeNull();
    expect(planner.compare(await s.readFirewall(), d)).toEqual([]);
  });

  it("read-back and drift see a kernel that still holds a removed address; the plan fixes it with one reload op", async () => {
    const p = await start();
    const s = await connect(p);
    await push(s, withTrusted(["192.0.2.1", "192.0.2.2"]));
    // what a push that only reloaded did (and what an admin's `uci del_list` + `fw4 reload` does)
    p.uci(["del_list", `firewall.${SET}.entry=192.0.2.1`]);
    p.uci(["commit", "firewall"]);
    p.fw4(["reload"]);
    expect(p.kernelSet(SET)).toEqual(["192.0.2.1", "192.0.2.2"]);
    const d = desiredOf(withTrusted(["192.0.2.2"]));
    const live = await s.readFirewall();
    const changes = planner.compare(live, d);
    expect(changes.map((c) => c.description)).toEqual([
      "address list 'trusted' (ipv4) as the router enforces it still holds 192.0.2.1 (fw4 reload keeps set elements)",
    ]);
    // the live packet tester tests what the router enforces: the kept address still gets in
    const packet = {
      chain: "input" as const,
      inInterface: "wan",
      src: "192.0.2.1",
      dst: "192.0.2.254",
      protocol: "tcp" as const,
      dstPort: 22,
      state: "new" as const,
    };
    expect(packetTestView(planner.decompile!(live, { managedOnly: false }).content, packet).decidedBy?.ruleId).not.toBe(
      "rtrusted1",
    );
    const enforced = planner.decompile!(live, { managedOnly: false, enforced: true });
    expect(packetTestView(enforced.content, packet).decidedBy?.ruleId).toBe("rtrusted1");
    expect(enforced.skipped).toContainEqual(
      expect.objectContaining({
        field: "entry",
        reason: expect.stringMatching(
          /running firewall's set rampart_set_trusted_4 holds 192\.0\.2\.1, 192\.0\.2\.2, not the config's 192\.0\.2\.2/,
        ),
      }),
    );
    const plan = planner.plan(live, d);
    expect(plan.ops.map((o) => o.wire)).toEqual([["# rampart: fw4 reload, then Rampart's sets made exact"]]);
    await s.apply(plan.ops);
    expect(p.kernelSet(SET)).toEqual(["192.0.2.2"]);
    expect(planner.compare(await s.readFirewall(), d)).toEqual([]);
  });

  it("a set no rule set declares any more, left in the kernel, is drift until a push deletes it", async () => {
    const p = await start();
    const s = await connect(p);
    await push(s, withTrusted(["192.0.2.1"]));
    for (const sec of p.readState().sections.filter((x) => x.name?.startsWith("rampart_")))
      p.uci(["delete", `firewall.${sec.name}`]);
    p.uci(["commit", "firewall"]);
    p.fw4(["reload"]);
    const d = desiredOf(content([]));
    const changes = planner.compare(await s.readFirewall(), d);
    expect(changes.map((c) => c.description)).toEqual([
      "address list 'trusted' (ipv4) is still loaded in the running firewall with 192.0.2.1, though the config no longer has it",
      "address list 'trusted' (ipv6) is still loaded in the running firewall, though the config no longer has it",
    ]);
    await s.apply(planner.plan(await s.readFirewall(), d).ops);
    expect(p.kernelSet(SET)).toBeNull();
    expect(p.kernelSet("rampart_set_trusted_6")).toBeNull();
  });
});

describe("kernel sets after a rollback and a timer restore (#17.5)", () => {
  it("restorePlan puts the set back exactly; the timer does too, deleting a set the push added", async () => {
    const p = await start();
    const s = await connect(p);
    await push(s, withTrusted(["192.0.2.1"]));
    const before = await s.readFirewall();
    await push(s, withTrusted(["192.0.2.1", "192.0.2.9"]));
    await s.apply(planner.restorePlan(await s.readFirewall(), before).ops);
    expect(p.kernelSet(SET)).toEqual(["192.0.2.1"]);

    // the timer: from a firewall without the list to one with it, and nobody confirms
    await push(s, content([]));
    expect(p.kernelSet(SET)).toBeNull();
    const empty = await s.readFirewall();
    const id = `t${Math.random().toString(36).slice(2, 12)}`;
    // long enough for the push below to finish first on a loaded machine
    await s.armRevert!(empty, { pushId: id, seconds: 12 });
    await push(s, withTrusted(["192.0.2.5"]));
    expect(p.kernelSet(SET)).toEqual(["192.0.2.5"]);
    const t0 = Date.now();
    while (Date.now() - t0 < 20_000 && fs.existsSync(p.revertDir(id))) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(p.revertDir(id))).toBe(false);
    expect(p.kernelSet(SET)).toBeNull();
    expect(planner.restorePlan(await (await connect(p)).readFirewall(), empty).ops).toEqual([]);
  }, 90_000);
});
