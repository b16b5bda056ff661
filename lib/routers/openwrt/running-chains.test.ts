// #17.5, chains as loaded: what the router ENFORCES is the kernel's table, not uci. A config committed but not
// reloaded, or a rule inserted or deleted by hand with `nft`, must show in read-back, drift and the live packet
// tester; after a push, a rollback and a timer restore the kernel's chains hold Rampart's rules in the planned
// order. Against the stand-in over real SSH; router state is read from the stand-in's kernel (nft -a list).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { packetTestView } from "@/lib/analysis/views";
import { openWrtPlanner as planner } from "./planner";
import { canonicalRule, compareChains } from "./running-chains";
import { parseUciExport } from "./uci-export-parse";
import { parseNftTable } from "./running-firewall";
import { desiredOf, pushContent as push, standInsPerTest } from "@/tests/support/openwrt-driver-kit";
import type { OpenWrtPeer } from "../../../tests/peers/openwrt/start-openwrt-peer";

const { start, connect } = standInsPerTest();

const ssh = rule({
  id: "rssh00001",
  chain: "input",
  inInterface: "wan",
  protocol: "tcp",
  dstPorts: [{ from: 22, to: 22 }],
  comment: "ssh",
});
const web = rule({
  id: "rweb00001",
  chain: "input",
  inInterface: "wan",
  protocol: "tcp",
  dstPorts: [{ from: 443, to: 443 }],
  comment: "web",
});
const web8443 = { ...web, dstPorts: [{ from: 8443, to: 8443 }] };

/** The stand-in kernel's chain as `nft -a list` shows it: [text, comment, handle] per rule. */
const kernelChain = (p: OpenWrtPeer, chain: string) => {
  const listed = p.nft(["-a", "list", "table", "inet", "fw4"]);
  expect(listed.rc).toBe(0);
  return parseNftTable(listed.stdout, true).chains![chain] ?? [];
};
/** Rampart's rows of a chain, by comment, in kernel order. */
const rampartRows = (p: OpenWrtPeer, chain: string) =>
  kernelChain(p, chain).flatMap((r) =>
    r.comment === "!fw4: ssh" || r.comment === "!fw4: web" ? [r.comment.slice(6)] : [],
  );
const handleOf = (p: OpenWrtPeer, chain: string, comment: string) =>
  kernelChain(p, chain).find((r) => r.comment === `!fw4: ${comment}`)!.handle!;
const sshFromWan = {
  chain: "input" as const,
  inInterface: "wan",
  src: "203.0.113.5",
  dst: "192.0.2.254",
  protocol: "tcp" as const,
  dstPort: 22,
  state: "new" as const,
};

describe("a rule as nft lists it reads the same as the rule fw4 was given", () => {
  it("leaves out counters, comments, implied protocol and family, braces around one element, a host's /32; sorts matches", () => {
    expect(
      canonicalRule(
        'meta nfproto ipv4 meta l4proto tcp ip saddr 198.51.100.7/32 tcp dport 22 counter accept comment "!fw4: x"',
      ),
    ).toBe(canonicalRule("ip saddr { 198.51.100.7 } tcp dport { 22 } counter packets 12 bytes 3400 accept"));
    expect(canonicalRule("meta l4proto 47 drop")).toBe(canonicalRule("meta l4proto gre drop"));
    expect(canonicalRule("tcp dport 22 accept")).not.toBe(canonicalRule("tcp dport 2222 accept"));
    expect(canonicalRule("tcp dport 22 accept")).not.toBe(canonicalRule("tcp dport 22 drop"));
    expect(canonicalRule("ip saddr != 192.0.2.1 accept")).not.toBe(canonicalRule("ip saddr 192.0.2.1 accept"));
  });
});

describe("compareChains over a listing (no router)", () => {
  const config = parseUciExport(
    [
      "config zone",
      "\toption name 'wan'",
      "",
      ...["a", "b", "c"].map(
        (n, i) =>
          `config rule 'rampart_r${n}${n}${n}0001'\n\toption name '${n}'\n\toption src 'wan'\n\tlist proto 'tcp'\n\tlist dest_port '${i + 1}'\n\toption target 'ACCEPT'\n`,
      ),
    ].join("\n"),
  );
  const row = (n: string, port: number, handle: number) =>
    `\t\tmeta l4proto tcp tcp dport ${port} counter packets 3 bytes 120 accept comment "!fw4: ${n}" # handle ${handle}`;
  const listing = (rows: string[]) =>
    parseNftTable(
      `table inet fw4 {\n\tchain input_wan { # handle 1\n${rows.join("\n")}\n\t\tjump reject_from_wan # handle 99\n\t}\n}\n`,
      true,
    );
  const said = (rows: string[]) =>
    compareChains(listing(rows), config).changes.map((c) => `${c.kind} ${c.description}`);

  it("in sync: nothing; the zone's policy jump is fw4's own", () => {
    expect(said([row("a", 1, 2), row("b", 2, 3), row("c", 3, 4)])).toEqual([]);
  });
  it("one missing, one older, one moved, one left over: one difference each", () => {
    expect(said([row("a", 1, 2), row("c", 3, 4)])).toEqual([
      "add chain input_wan: rule rbbb0001 (section rampart_rbbb0001) is not loaded in the running firewall (after rule 1)",
    ]);
    expect(said([row("a", 1, 2), row("b", 9, 3), row("c", 3, 4)])).toEqual([
      "change chain input_wan, rule 2 (handle 3): rule rbbb0001 (section rampart_rbbb0001) as loaded is not the committed config's (not reloaded since, or the reload failed)",
    ]);
    expect(said([row("b", 2, 3), row("a", 1, 2), row("c", 3, 4)])).toHaveLength(1);
    expect(said([row("a", 1, 2), row("b", 2, 3), row("c", 3, 4), row("rampart_rddd0001", 4, 5)])).toEqual([
      "remove chain input_wan, rule 4 (handle 5): rule rddd0001 (section rampart_rddd0001) is loaded though the committed config no longer has it here",
    ]);
  });
  it("a rule without fw4's comment is hand-made, wherever it sits", () => {
    expect(said([row("a", 1, 2), "\t\tip saddr 192.0.2.1 drop # handle 7", row("b", 2, 3), row("c", 3, 4)])).toEqual([
      'remove chain input_wan, rule 2 (handle 7): "ip saddr 192.0.2.1 drop" was not loaded by fw4 but added by hand with nft; a reload removes it',
    ]);
  });
});

describe("chains as loaded (#17.5)", () => {
  it("config committed but not reloaded: read-back names the rule the kernel runs from the older config; one reload op fixes it", async () => {
    const p = await start();
    const s = await connect(p);
    await push(s, content([ssh, web]));
    expect(rampartRows(p, "input_wan")).toEqual(["ssh", "web"]);
    // what a push whose reload never ran leaves: the new config committed, the kernel as before
    p.uci(
      ["batch"],
      "delete firewall.rampart_rweb00001.dest_port\nadd_list firewall.rampart_rweb00001.dest_port='8443'\ncommit firewall\n",
    );
    const d = desiredOf(content([ssh, web8443]));
    const live = await s.readFirewall();
    const changes = planner.compare(live, d);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "change", ruleId: "rweb00001" });
    expect(changes[0].description).toMatch(
      /^chain input_wan, rule 2 \(handle \d+\): rule rweb00001 \(section rampart_rweb00001\) as loaded is not the committed config's \(not reloaded since, or the reload failed\)$/,
    );
    expect(changes[0].fields![0].old).toContain("dport { 443 }");
    expect(changes[0].fields![0].new).toContain("dport { 8443 }");
    // the live packet tester does not test the config's rule as if it ran
    const enforced = planner.decompile!(live, { managedOnly: false, enforced: true });
    expect(enforced.content.rules.map((r) => r.id)).not.toContain("rweb00001");
    expect(enforced.skipped).toContainEqual(
      expect.objectContaining({
        ref: "rampart_rweb00001",
        reason: expect.stringMatching(/is loaded as an older version \(chain input_wan, rule 2/),
      }),
    );

    const plan = planner.plan(live, d);
    expect(plan.ops.map((o) => o.label)).toEqual([
      "fw4 reload + reload-sets: make the running firewall match the config (1 difference)",
    ]);
    await s.apply(plan.ops);
    expect(kernelChain(p, "input_wan").find((r) => r.comment === "!fw4: web")!.text).toContain("dport 8443");
    expect(planner.compare(await (await connect(p)).readFirewall(), d)).toEqual([]);
  }, 120_000);

  it("a rule inserted by hand with nft is one difference naming chain and position, and the live packet tester evaluates it", async () => {
    const p = await start();
    const s = await connect(p);
    const d = await push(s, content([ssh, web]));
    expect(planner.compare(await s.readFirewall(), d)).toEqual([]);
    expect(p.nft(["insert", "rule", "inet", "fw4", "input_wan", "tcp", "dport", "22", "drop"]).rc).toBe(0);
    const inserted = kernelChain(p, "input_wan")[0];
    const live = await s.readFirewall();
    expect(planner.compare(live, d)).toEqual([
      {
        kind: "remove",
        ruleId: null,
        description: `chain input_wan, rule 1 (handle ${inserted.handle}): "tcp dport 22 drop" was not loaded by fw4 but added by hand with nft; a reload removes it`,
      },
    ]);
    // the config says ssh is accepted from wan; the kernel drops it first
    expect(packetTestView(planner.decompile!(live, { managedOnly: false }).content, sshFromWan).decidedBy?.ruleId).toBe(
      "rssh00001",
    );
    const enforced = planner.decompile!(live, { managedOnly: false, enforced: true });
    const verdict = packetTestView(enforced.content, sshFromWan);
    expect(verdict.verdict).toBe("drop");
    expect(verdict.decidedBy?.ruleId).not.toBe("rssh00001");
    expect(enforced.skipped).toContainEqual(
      expect.objectContaining({
        ref: `input_wan#${inserted.handle}`,
        partial: true,
        reason: expect.stringMatching(/added by hand with nft/),
      }),
    );
    // the plan reloads, which removes it
    await s.apply(planner.plan(live, d).ops);
    expect(kernelChain(p, "input_wan").some((r) => r.text === "tcp dport 22 drop")).toBe(false);
    expect(planner.compare(await s.readFirewall(), d)).toEqual([]);
  }, 120_000);

  it("Rampart's rule deleted by hand, or loaded out of order: one difference each, naming the rule and the chain", async () => {
    const p = await start();
    const s = await connect(p);
    const d = await push(s, content([ssh, web]));
    expect(
      p.nft(["delete", "rule", "inet", "fw4", "input_wan", "handle", String(handleOf(p, "input_wan", "ssh"))]).rc,
    ).toBe(0);
    let live = await s.readFirewall();
    expect(planner.compare(live, d)).toEqual([
      {
        kind: "add",
        ruleId: "rssh00001",
        description:
          "chain input_wan: rule rssh00001 (section rampart_rssh00001) is not loaded in the running firewall (before Rampart's other rules)",
      },
    ]);
    const enforced = planner.decompile!(live, { managedOnly: false, enforced: true });
    expect(enforced.content.rules.map((r) => r.id)).not.toContain("rssh00001");
    expect(packetTestView(enforced.content, sshFromWan).decidedBy?.ruleId).not.toBe("rssh00001");

    // put it back by hand, after web: the order Rampart planned is broken
    expect(
      p.nft([
        "add",
        "rule",
        "inet",
        "fw4",
        "input_wan",
        "position",
        String(handleOf(p, "input_wan", "web")),
        "tcp",
        "dport",
        "22",
        "counter",
        "accept",
        "comment",
        '"!fw4: ssh"',
      ]).rc,
    ).toBe(0);
    expect(rampartRows(p, "input_wan")).toEqual(["web", "ssh"]);
    live = await s.readFirewall();
    const changes = planner.compare(live, d);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "move" });
    expect(changes[0].description).toMatch(
      /^chain input_wan, rule \d+ \(handle \d+\): rule r(ssh|web)00001 \(section rampart_r(ssh|web)00001\) is loaded out of the planned order/,
    );
    await s.apply(planner.plan(live, d).ops);
    expect(rampartRows(p, "input_wan")).toEqual(["ssh", "web"]);
  }, 120_000);

  it("after a rollback and a timer restore the kernel's chains hold Rampart's rules as before, in order", async () => {
    const p = await start();
    const s = await connect(p);
    await push(s, content([ssh, web]));
    const before = await s.readFirewall();
    await push(s, content([web8443, ssh]));
    expect(rampartRows(p, "input_wan")).toEqual(["web", "ssh"]);
    await s.apply(planner.restorePlan(await s.readFirewall(), before).ops);
    expect(rampartRows(p, "input_wan")).toEqual(["ssh", "web"]);
    expect(kernelChain(p, "input_wan").find((r) => r.comment === "!fw4: web")!.text).toContain("dport 443");
    expect(planner.restorePlan(await s.readFirewall(), before).ops).toEqual([]);

    // the timer restores, nobody confirms: the kernel runs the previous rules again
    const id = `t${Math.random().toString(36).slice(2, 12)}`;
    await s.armRevert!(before, { pushId: id, seconds: 12 });
    await push(s, content([web8443]));
    expect(rampartRows(p, "input_wan")).toEqual(["web"]);
    const t0 = Date.now();
    while (Date.now() - t0 < 20_000 && fs.existsSync(p.revertDir(id))) await new Promise((r) => setTimeout(r, 100));
    expect(fs.existsSync(p.revertDir(id))).toBe(false);
    expect(rampartRows(p, "input_wan")).toEqual(["ssh", "web"]);
    expect(planner.restorePlan(await (await connect(p)).readFirewall(), before).ops).toEqual([]);
    // and a restored config the kernel does not run is not called restored
    p.uci(
      ["batch"],
      "delete firewall.rampart_rweb00001.dest_port\nadd_list firewall.rampart_rweb00001.dest_port='9'\ncommit firewall\n",
    );
    p.uci(
      ["batch"],
      "delete firewall.rampart_rweb00001.dest_port\nadd_list firewall.rampart_rweb00001.dest_port='443'\ncommit firewall\n",
    );
    expect(
      p.nft(["delete", "rule", "inet", "fw4", "input_wan", "handle", String(handleOf(p, "input_wan", "web"))]).rc,
    ).toBe(0);
    expect(planner.restorePlan(await s.readFirewall(), before).ops).toHaveLength(1);
  }, 150_000);
});
