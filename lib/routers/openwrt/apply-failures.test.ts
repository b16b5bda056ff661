// #17.8: after a failed apply the committed config and the running firewall must agree at once (a reload in
// the revert window, e.g. an interface hotplug, would otherwise make the unverified config live). Router state
// is read from the stand-in: its committed file, its kernel sets, its loaded ruleset.
import { describe, expect, it } from "vitest";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { DriverError } from "../driver";
import { openWrtPlanner as planner } from "./planner";
import { desiredOf, standInsPerTest } from "@/tests/support/openwrt-driver-kit";

const { start, connect } = standInsPerTest();
const ssh = rule({
  id: "rtrusted1",
  protocol: "tcp",
  dstPorts: [{ from: 22, to: 22 }],
  src: { kind: "list", list: "trusted", negate: false },
  comment: "ssh from trusted",
});
const web = rule({ id: "rweb00001", protocol: "tcp", dstPorts: [{ from: 443, to: 443 }], comment: "web" });

describe("a failed apply leaves committed = running (#17.8)", () => {
  it("fw4 reload does not load the new config: the committed config is put back at once, the kernel unchanged", async () => {
    const p = await start();
    const s = await connect(p);
    await s.apply(
      planner.plan(await s.readFirewall(), desiredOf(content([ssh], [list("trusted", ["192.0.2.1"])]))).ops,
    );
    const config = p.readConfig();
    const running = p.readLiveRuleset();
    p.setFaults({ fw4ReloadFails: true });
    const e = await s
      .apply(
        planner.plan(
          await s.readFirewall(),
          desiredOf(content([ssh, web], [list("trusted", ["192.0.2.1", "192.0.2.2"])])),
        ).ops,
      )
      .then(
        () => null,
        (x: unknown) => x,
      );
    p.setFaults({});
    expect(e).toBeInstanceOf(DriverError);
    expect((e as DriverError).message).toMatch(
      /fw4 reload did not load it: .*Cannot allocate memory.*\((the committed config was put back|putting the committed config back failed: .*did not load)/s,
    );
    // what a later reload (hotplug) would load is what runs now: the old config
    expect(p.readConfig()).toBe(config);
    expect(p.uci(["changes", "firewall"]).stdout).toBe("");
    expect(p.readLiveRuleset()).toBe(running);
    expect(p.kernelSet("rampart_set_trusted_4")).toEqual(["192.0.2.1"]);
    p.fw4(["reload"]);
    expect(p.readLiveRuleset()).not.toContain("!fw4: web");
  }, 90_000);
});
