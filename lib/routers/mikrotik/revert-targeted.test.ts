import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { mikrotikPlanner } from "./planner";
import {
  peerKitsPerTest,
  REVERT_SEED,
  compileOk,
  sampleContent,
  sampleSecondPush,
  sleep,
} from "@/tests/support/mikrotik-peer-kit";
import { prepareRevert, revertSource } from "./revert-timer";
import { buildTargetedRevertScript } from "./revert-targeted";

/**
 * The proportional restore (#17.2) against the peer, whose scheduler runs the uploaded script: after ANY prefix
 * of a push's ops ran (a push cut off anywhere), the timer puts back exactly the state before the push, and the
 * script carries only what the plan touches.
 */
const startKit = peerKitsPerTest();

describe("proportional revert script on the peer", () => {
  it("after every prefix of the plan, the timer restores exactly the state before the push, and only the touched rows", async () => {
    const probe = await startKit({ seed: REVERT_SEED });
    await probe.push(sampleContent());
    const s0 = await probe.connect();
    const total = mikrotikPlanner.plan(await s0.readFirewall(), compileOk(sampleSecondPush())).ops.length;
    await probe.close();
    expect(total).toBeGreaterThan(8);

    for (let k = 0; k <= total; k++) {
      const kit = await startKit({ seed: REVERT_SEED });
      await kit.push(sampleContent());
      const expected = kit.firewall();
      const s = await kit.connect();
      const before = await s.readFirewall();
      const plan = mikrotikPlanner.plan(before, compileOk(sampleSecondPush()));
      await s.armRevert!(before, { pushId: `p${k}`, seconds: 60, ops: plan.ops });
      const script = kit.peer.rows("system/script")[0].source!;
      expect(script, `prefix ${k}`).toContain("puts back the");
      if (k > 0) await s.apply(plan.ops.slice(0, k));
      await s.close();
      kit.peer.advanceClock(61_500);
      await sleep(30);
      expect(
        kit.peer.state.log.filter((l) => l.topic === "script,error" || l.topic === "script,warning"),
        `prefix ${k}`,
      ).toEqual([]);
      expect(kit.firewall(), `after ${k} of ${total} ops`).toEqual(expected);
      expect(kit.peer.rows("system/scheduler")).toEqual([]);
      expect(kit.peer.rows("system/script")).toEqual([]);
      await kit.close();
    }
  });

  it("a one-port change on 500 rules: the script carries one rule, not 500; the timer restores it exactly", async () => {
    const kit = await startKit({ seed: REVERT_SEED });
    const rules = Array.from({ length: 500 }, (_, i) =>
      rule({
        id: `rbig${String(i).padStart(5, "0")}`,
        family: "ipv4",
        protocol: "tcp",
        dstPorts: [{ from: 1000 + i, to: 1000 + i }],
        comment: `service ${i}`,
      }),
    );
    await kit.push(content(rules, []));
    const expected = kit.firewall();
    const changed = content(
      rules.map((r, i) => (i === 250 ? { ...r, dstPorts: [{ from: 9999, to: 9999 }] } : r)),
      [],
    );
    const s = await kit.connect();
    const before = await s.readFirewall();
    const plan = mikrotikPlanner.plan(before, compileOk(changed));
    expect(plan.ops).toHaveLength(1);
    const full = revertSource(before, { pushId: "big" });
    const targeted = revertSource(before, { pushId: "big", ops: plan.ops });
    console.log(
      `[revert script] 500 rules, one port changed: full ${full.length} bytes, proportional ${targeted.length} bytes`,
    );
    // Prepared once for a fleet alike, the script for each push is exactly the one built for it alone.
    const prepared = prepareRevert(before, { ops: plan.ops });
    expect(prepared.restoreFor("big")).toBe(targeted);
    expect(prepareRevert(before, {}).restoreFor("big-2")).toBe(revertSource(before, { pushId: "big-2" }));
    expect(full.length).toBeGreaterThan(50_000);
    expect(targeted.length).toBeLessThan(1_500);
    expect(targeted.split("\n").filter((l) => l.includes(" add "))).toHaveLength(1);

    await s.armRevert!(before, { pushId: "big", seconds: 60, ops: plan.ops, prepared });
    expect(kit.peer.rows("system/script")[0].source).toBe(targeted);
    await s.apply(plan.ops);
    expect(kit.firewall()).not.toEqual(expected);
    kit.peer.advanceClock(61_500);
    await sleep(50);
    expect(kit.firewall()).toEqual(expected);
    expect(kit.peer.rows("system/script")).toEqual([]);
  });
});

describe("proportional revert script text", () => {
  it("removes an added entry under every spelling the router may print its address in", () => {
    const add = {
      label: "add",
      wire: ["/ip/firewall/address-list/add", "=list=office", "=address=10.9.0.7/32", "=comment=rampart:list:office"],
    };
    const script = buildTargetedRevertScript({ items: [], stateHash: "" }, "p1", [], [add])!;
    const removes = script.split("\n").filter((l) => l.includes(" remove [find list="));
    expect(removes.map((l) => /address="([^"]+)"/.exec(l)![1])).toEqual(["10.9.0.7", "10.9.0.7/32"]);
    expect(script.split("\n").filter((l) => l.includes(" add "))).toEqual([]);
  });

  it("an op it cannot read (a row the plan did not see, an unknown menu) means the full script", () => {
    const before = { items: [], stateHash: "" };
    expect(
      buildTargetedRevertScript(before, "p1", [], [{ label: "x", wire: ["/ip/firewall/filter/remove", "=.id=*99"] }]),
    ).toBeNull();
    expect(
      buildTargetedRevertScript(before, "p1", [], [{ label: "x", wire: ["/ip/firewall/mangle/add", "=chain=srcnat"] }]),
    ).toBeNull();
    expect(
      revertSource(before, { pushId: "p1", ops: [{ label: "x", wire: ["/ip/firewall/mangle/add", "=chain=srcnat"] }] }),
    ).toContain('remove [find comment~"^rampart:" dynamic=no]');
  });
});
