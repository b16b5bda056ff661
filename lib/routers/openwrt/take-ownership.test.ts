// Taking ownership on the real stand-in (sshd + uci/fw4): the import's claims make the push rename the router's
// own sections to Rampart's names in place (plus option sets), never add a copy or move a section: taken-over
// rules keep their places between the router's own; a failed or expired push gives them back exactly. Router
// state is read from the stand-in itself.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { standInsPerTest } from "@/tests/support/openwrt-driver-kit";
import { DriverError } from "../driver";
import type { OpenWrtPeer } from "../../../tests/peers/openwrt/start-openwrt-peer";
import { uciExportOf } from "./live-firewall";
import { openWrtPlanner as planner } from "./planner";

const { start, connect } = standInsPerTest();
const exportOf = (p: OpenWrtPeer) => p.uci(["export", "firewall"]).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
const ids = () => `rtake${String(++n).padStart(4, "0")}`;

async function importWithClaims(seed: "stock" | "foreign") {
  const p = await start({ seed });
  const s = await connect(p);
  const live = await s.readFirewall();
  const imported = planner.decompile!(live, { managedOnly: false, newId: ids });
  const compiled = planner.compile(imported.content, live);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  const plan = planner.plan(live, compiled.desired, { claims: imported.origins ?? [] });
  return { p, s, live, imported, desired: compiled.desired, plan };
}

describe("take ownership of OpenWrt's stock firewall (stand-in)", () => {
  it("renames each imported section in place: no section added, removed or moved, names and options kept, 0 ops afterwards", async () => {
    const { p, s, imported, desired, plan } = await importWithClaims("stock");
    const before = p.readState().sections;
    const origins = imported.origins!;
    // every section: the rules the model holds (ICMP types and limits too), and zone policy as raw rules
    expect(origins.map((o) => o.ref)).toEqual([
      "@defaults[0]",
      "@zone[0]",
      "@zone[1]",
      "@forwarding[0]",
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => `@rule[${i}]`),
    ]);
    expect(plan.ops).toHaveLength(1);
    const verbs = new Set(plan.ops[0].wire.map((l) => l.split(" ")[0]));
    expect([...verbs].every((v) => ["rename", "set", "add_list", "del_list", "delete", "reorder"].includes(v))).toBe(
      true,
    );
    expect(plan.ops[0].wire.filter((l) => /^set firewall\.rampart_\w+='rule'$/.test(l))).toEqual([]); // no section added
    expect(plan.ops[0].wire.filter((l) => /^delete firewall\.rampart_\w+$/.test(l))).toEqual([]); // none removed
    expect(plan.ops[0].wire.filter((l) => l.startsWith("reorder "))).toEqual([]); // every section keeps its place
    expect(plan.counts).toMatchObject({ add: 0, remove: 0, move: 0 });
    expect(plan.changes.filter((c) => c.kind === "change").map((c) => c.description)).toEqual(
      origins.map((o) =>
        expect.stringMatching(
          new RegExp(
            `^take ownership of ${o.ref.slice(1).split("[")[0]} ${o.ref.replace(/[[\]]/g, "\\$&")}.*renamed to rampart_${o.ruleId}`,
          ),
        ),
      ),
    );
    expect(plan.claimed!.map((c) => c.ref)).toEqual(origins.map((o) => o.ref));

    await s.apply(plan.ops);
    const after = p.readState().sections;
    expect(after).toHaveLength(before.length);
    // every imported section is Rampart's now, with its own options; nothing was skipped
    for (const o of origins) {
      const was = before.find((x) => x.ref === o.ref)!;
      const now = after[before.indexOf(was)];
      expect(now.name).toBe(`rampart_${o.ruleId}`);
      expect(now.options.target).toBe(was.options.target);
      expect(now.options.src).toBe(was.options.src);
    }
    const foreign = (list: typeof before) =>
      list.filter((x) => !x.name?.startsWith("rampart_") && !origins.some((o) => o.ref === x.ref && list === before));
    expect(foreign(after).map((x) => JSON.stringify([x.type, x.options]))).toEqual(
      foreign(before).map((x) => JSON.stringify([x.type, x.options])),
    );
    // every section keeps its place: taken-over rules stay between the router's own (IGMP and DHCPv6 below Allow-Ping)
    const order = (list: typeof before) => list.map((x) => `${x.type} ${x.options.name ?? ""}`);
    expect(order(after)).toEqual(order(before));
    // recorded per section: the router's own rule section it sits before, by content (anonymous sections), or null
    const ruleOrigins = origins.filter((o) => o.ref.startsWith("@rule["));
    expect(Object.keys(plan.placement!).sort()).toEqual(ruleOrigins.map((o) => `rampart_${o.ruleId}`).sort());
    // no router's own rule section is left to sit before: every section is Rampart's
    expect(Object.values(plan.placement!).filter((v) => v === null)).toHaveLength(ruleOrigins.length);
    expect(Object.values(plan.placement!).every((v) => v === null || /^sha256:/.test(v))).toBe(true);

    const s2 = await connect(p);
    const read = await s2.readFirewall();
    expect(planner.compare(read, desired)).toEqual([]);
    expect(planner.compare(read, desired, { placement: plan.placement })).toEqual([]);
    expect(planner.plan(read, desired, { placement: plan.placement })).toMatchObject({
      ops: [],
      placement: plan.placement,
    });
  });

  it("named sections and an ipset used only by taken-over rules are taken over too; the set keeps its entries", async () => {
    const { p, s, imported, desired, plan } = await importWithClaims("foreign");
    const origins = imported.origins!;
    expect(origins.some((o) => o.ref === "guest_ssh")).toBe(true);
    expect(origins.some((o) => o.kind === "address-list-entry" && o.list === "blocklist")).toBe(true);
    expect(plan.ops[0].wire).toContain(
      "rename firewall.guest_ssh=rampart_" + origins.find((o) => o.ref === "guest_ssh")!.ruleId,
    );
    expect(plan.ops[0].wire.some((l) => /^rename firewall\.@ipset\[0\]=rampart_set_blocklist_4$/.test(l))).toBe(true);
    await s.apply(plan.ops);
    const set = p.readState().sections.find((x) => x.name === "rampart_set_blocklist_4")!;
    expect(set.options.entry).toEqual(["198.51.100.0/24", "203.0.113.7"]);
    expect(p.readState().sections.some((x) => x.name === "guest_ssh")).toBe(false);
    expect(p.fw4(["check"]).rc).toBe(0);
    const s2 = await connect(p);
    expect(planner.plan(await s2.readFirewall(), desired).ops).toEqual([]);
  });

  it("a claim whose section changed since the import is ignored: the section stays foreign, its rule is added", async () => {
    const { p, imported, desired } = await importWithClaims("stock");
    p.uci(["set", "firewall.@rule[0].dest_port=67"]);
    p.uci(["commit", "firewall"]);
    const s2 = await connect(p);
    const plan = planner.plan(await s2.readFirewall(), desired, { claims: imported.origins });
    expect(plan.claimed!.map((c) => c.ref)).not.toContain("@rule[0]");
    expect(plan.counts.add).toBe(1);
  });

  it("restorePlan after the push gives every section back: the export is exactly as before", async () => {
    const { p, s, live, plan } = await importWithClaims("foreign");
    await s.apply(plan.ops);
    expect(exportOf(p)).not.toBe(uciExportOf(live));
    const s2 = await connect(p);
    const restore = planner.restorePlan(await s2.readFirewall(), live);
    expect(restore.ops[0].wire[0]).toMatch(/gives back \d+ sections$/);
    await s2.apply(restore.ops);
    expect(exportOf(p)).toBe(uciExportOf(live));
    expect(planner.restorePlan(await (await connect(p)).readFirewall(), live).ops).toEqual([]);
  });

  it("a restore import that would re-add a section of a type Rampart never owns (an include) is refused before sending", async () => {
    const { p, s, live, plan } = await importWithClaims("stock");
    await s.apply(plan.ops);
    const s2 = await connect(p);
    const restore = planner.restorePlan(await s2.readFirewall(), live);
    const forged = {
      ...restore.ops[0],
      wire: [...restore.ops[0].wire, "config include", "\toption path '/etc/sneaky.sh'"],
    };
    forged.wire[0] = forged.wire[0].replace(/gives back (\d+)/, (_m, k) => `gives back ${Number(k) + 1}`);
    await expect(s2.apply([forged])).rejects.toBeInstanceOf(DriverError);
  });

  it("the revert timer restores the export exactly when nobody confirms the ownership push", async () => {
    const { p, s, live, plan } = await importWithClaims("foreign");
    const id = `t${Math.random().toString(36).slice(2, 10)}`;
    await s.armRevert!(live, { pushId: id, seconds: 2, claimed: plan.claimed });
    const armedAt = Date.now();
    await s.apply(plan.ops);
    await s.close();
    while (Date.now() - armedAt < 6000 && fs.existsSync(p.revertDir(id))) await sleep(100);
    expect(fs.existsSync(p.revertDir(id))).toBe(false);
    expect(exportOf(p)).toBe(uciExportOf(live));
  });
});
