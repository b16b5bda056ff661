import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { RuleSetContent } from "@/lib/rules/schema";
import { rule } from "@/tests/support/rule-fixtures";
import {
  expectOpenWrtState,
  managementRule,
  openWrtState,
  saveRevision,
  setupPushDatabase,
  openWrtPushHooks,
  v1,
  web,
} from "./push-fixture";

// a push reads the kernel too (nft) and makes sets exact: more stand-in commands, each a node process
vi.setConfig({ testTimeout: 90_000 });

/**
 * Issue #17.3 on OpenWrt: the lockout guard and the preview see the chains as fw4 will render them after the push,
 * the router's own rule sections, fw4's built-in rows and the zones' policies in their real places beside
 * Rampart's sections. A section of the router's own above Rampart's that drops the management connection refuses
 * the push; a section the model cannot evaluate makes the path "unknown", naming it; rows one side makes
 * unreachable for the other are flagged. The router's sections are written and read on the stand-in.
 */
const dir = setupPushDatabase("push-openwrt-resulting-chain");
const h = openWrtPushHooks();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Peer = Awaited<ReturnType<typeof h.newPeer>>;

/** An admin's edit in a shell on the router: a rule section of their own, put right above Rampart's first section. */
function handRuleAboveRampart(peer: Peer, name: string, options: string[]) {
  const first = peer.readState().sections.findIndex((s) => s.name?.startsWith("rampart_"));
  expect(first).toBeGreaterThan(0);
  const lines = [
    `set firewall.${name}=rule`,
    ...options.map((o) =>
      o.startsWith("list ") ? `add_list firewall.${name}.${o.slice(5)}` : `set firewall.${name}.${o}`,
    ),
    `reorder firewall.${name}=${first}`,
    "commit firewall",
  ];
  const r = peer.uci(["batch"], `${lines.join("\n")}\n`);
  expect(r.stderr).toBe("");
  const names = peer.readState().sections.map((s) => s.name);
  expect(names.indexOf(name)).toBeLessThan(names.findIndex((n) => n?.startsWith("rampart_")));
}

describe("OpenWrt: the lockout guard walks fw4's chains as they will be after the push", () => {
  it("a section of the router's own above Rampart's that drops the management port refuses the push, naming it", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [...v1.rules].reverse() });
    const clean = await h.preview(routerId, ruleSetId, 2);
    expect(clean.lockout).toMatchObject({ checked: true, wholeChain: true, blockedBy: null });

    handRuleAboveRampart(peer, "block_mgmt", [
      "name='Block-Mgmt'",
      "src='*'",
      "proto='tcp'",
      `dest_port='${peer.port}'`,
      "target='DROP'",
    ]);
    const p = await h.preview(routerId, ruleSetId, 2);
    // lo accept, established/related accept and syn_flood come first in fw4's input chain; then the admin's section
    const name = "the router's own rule #4 of ipv4 input (rule block_mgmt: Block-Mgmt)";
    expect(p.lockout).toMatchObject({
      checked: true,
      wholeChain: true,
      blockedBy: { origin: "router", ruleId: null, action: "drop", name },
    });
    const input = p.chain!.rows.filter((r) => r.family === "ipv4" && r.chain === "input");
    expect(input.slice(0, 6).map((r) => [r.origin, r.label])).toEqual([
      ["built-in", "Accept traffic from loopback"],
      ["built-in", "Allow inbound established and related flows"],
      ["built-in", expect.stringMatching(/^Rate limit TCP syn packets/)],
      ["router", "rule block_mgmt: Block-Mgmt"],
      ["rampart", "web"],
      ["rampart", "ssh"],
    ]);
    // the zones' policies close the chain, the input policy of defaults after them
    expect(input.filter((r) => /^zone /.test(r.label)).map((r) => [r.label, r.verdict])).toEqual([
      ["zone lan: input policy ACCEPT", "accept"],
      ["zone wan: input policy REJECT", "reject"],
    ]);
    expect(p.chain!.policies).toContainEqual({ family: "ipv4", chain: "input", verdict: "reject" });

    const before = openWrtState(peer);
    const refused = await h.startPreviewed(routerId, ruleSetId, 2, p.id);
    expect(refused).toMatchObject({ ok: false, code: "validation_failed" });
    expect(!refused.ok && refused.message).toMatch(
      new RegExp(
        `the router's own rule #4 of ipv4 input \\(rule block_mgmt: Block-Mgmt\\) would drop Rampart's own connection from 127\\.0\\.0\\.1 to 127\\.0\\.0\\.1 port ${peer.port}`,
      ),
    );
    expectOpenWrtState(peer, before);
  });

  it("the router's own redirects of the SSH port: a forward from a zone warns, one the model cannot read leaves the path unknown", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const redirect = (name: string, options: string[]) => {
      const lines = [`set firewall.${name}=redirect`, ...options.map((o) => `set firewall.${name}.${o}`)];
      const r = peer.uci(["batch"], `${[...lines, "commit firewall"].join("\n")}\n`);
      expect(r.stderr).toBe("");
    };
    redirect("fwd_cam", [
      "name='Camera'",
      "src='wan'",
      "dest='lan'",
      "proto='tcp'",
      `src_dport='${peer.port}'`,
      "dest_ip='192.168.1.50'",
      "target='DNAT'",
    ]);
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [...v1.rules].reverse() });
    const p = await h.preview(routerId, ruleSetId, 2);
    expect(p.lockout.blockedBy).toBeNull();
    expect(p.lockout.warnings).toContain(
      `the router's own rule #1 of dstnat (redirect fwd_cam: Camera) would redirect Rampart's connection to 192.168.1.50:${peer.port} if it arrives via wan`,
    );
    redirect("fwd_mac", [
      "name='Laptop SSH'",
      "src='lan'",
      "proto='tcp'",
      `src_dport='${peer.port}'`,
      "src_mac='02:00:00:00:00:01'",
      "dest_port='22'",
      "target='DNAT'",
    ]);
    const unknown = await h.preview(routerId, ruleSetId, 2);
    expect(unknown.lockout.undecided).toContainEqual({
      name: "the router's own rule #2 of dstnat (redirect fwd_mac: Laptop SSH)",
      reason:
        "option src_mac has no equivalent in Rampart's rule model, so what the redirect matches cannot be evaluated",
    });
  });

  it("a section the model cannot evaluate, above Rampart's: the path is unknown, naming that section, never 'stays open'", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [...v1.rules].reverse() });
    handRuleAboveRampart(peer, "mgmt_mac", [
      "name='Mgmt-only-from-laptop'",
      "src='*'",
      "proto='tcp'",
      `dest_port='${peer.port}'`,
      "list src_mac='!02:00:00:00:00:01'",
      "target='DROP'",
    ]);
    const p = await h.preview(routerId, ruleSetId, 2);
    expect(p.lockout.blockedBy).toBeNull();
    expect(p.lockout.undecided[0]).toEqual({
      name: "the router's own rule #4 of ipv4 input (rule mgmt_mac: Mgmt-only-from-laptop)",
      reason: expect.stringMatching(/option src_mac has no equivalent in Rampart's rule model/),
    });
    expect(p.chain!.rows.find((r) => r.label === "rule mgmt_mac: Mgmt-only-from-laptop")).toMatchObject({
      origin: "router",
      verdict: "drop",
      unevaluable: expect.stringMatching(/src_mac/),
    });
    expect(p.chain!.unevaluableCount).toBeGreaterThan(0);

    const d = await h.startAndWait(routerId, ruleSetId, 2, p.id);
    expect(d.status, d.error ?? "").toBe("done");
    const steps = d.steps.map((s) => `${s.level} ${s.message}`);
    expect(
      steps.some((s) =>
        /^warn management path .*: unknown, the router's own rule #4 of ipv4 input \(rule mgmt_mac: Mgmt-only-from-laptop\) might drop it/.test(
          s,
        ),
      ),
    ).toBe(true);
    expect(steps.some((s) => /stays open/.test(s))).toBe(false);
  });

  it("where the zone decides: unknown, with the zone that accepts and the one that rejects said; Rampart's accept first: stays open", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [...v1.rules].reverse() });
    const p = await h.preview(routerId, ruleSetId, 2);
    expect(p.lockout).toMatchObject({
      blockedBy: null,
      undecided: [
        {
          name: "the input chain's policy",
          reason: expect.stringMatching(
            /rejects what no rule decides, but the packet is accepted if it arrives via .*lan \(zone lan: input policy ACCEPT\)/,
          ),
        },
      ],
    });
    expect(p.lockout.warnings).toContainEqual(
      expect.stringMatching(/zone wan: input policy REJECT\) would drop Rampart's connection if it arrives via wan/),
    );

    const mgmt = managementRule(peer);
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [mgmt, ...v1.rules] });
    const open = await h.preview(routerId, ruleSetId, 3);
    expect(open.lockout).toMatchObject({ checked: true, wholeChain: true, blockedBy: null, undecided: [] });
    const d = await h.startAndWait(routerId, ruleSetId, 3, open.id);
    expect(d.status, d.error ?? "").toBe("done");
    expect(
      d.steps.some(
        (s) =>
          s.level === "info" &&
          new RegExp(`management path 127\\.0\\.0\\.1 → 127\\.0\\.0\\.1 port ${peer.port} stays open$`).test(s.message),
      ),
    ).toBe(true);
  });
});

describe("OpenWrt preview: rows one side makes unreachable for the other", () => {
  it("Rampart's 'drop all' above the router's defaults, and a router section above Rampart's that decides a Rampart rule's packets, are flagged", async () => {
    const { peer, routerId, ruleSetId } = await h.routerAtV1();
    const mgmt = managementRule(peer);
    const dropAll = rule({ id: "rdropall1", family: "ipv4", action: "drop", comment: "drop all" });
    const content: RuleSetContent = { ...v1, rules: [mgmt, web, dropAll] };
    await saveRevision(h.users.admin.userId, ruleSetId, content);
    handRuleAboveRampart(peer, "no_https", [
      "name='No-HTTPS'",
      "src='*'",
      "proto='tcp'",
      "dest_port='443'",
      "target='REJECT'",
    ]);
    const p = await h.preview(routerId, ruleSetId, 2);
    const rows = p.chain!.rows.filter((r) => r.family === "ipv4" && r.chain === "input");
    // Rampart's web rule is never reached: the router's own section above it rejects every packet it would see
    expect(rows.find((r) => r.ruleId === web.id)?.unreachable).toMatch(
      /^never reached: .*the router's own rule #\d+ of ipv4 input \(rule no_https: No-HTTPS\) decide/,
    );
    // the router's own rules and the zones' policies below Rampart's "drop all" are never reached
    expect(rows.find((r) => r.label.endsWith(": Allow-DHCP-Renew"))?.unreachable).toMatch(
      /Rampart's rule #3 \(drop all\)/,
    );
    expect(rows.find((r) => r.label === "zone lan: input policy ACCEPT")?.unreachable).toMatch(
      /Rampart's rule #3 \(drop all\)/,
    );
    expect(rows.find((r) => r.label === "rule guest_ssh: Guest-SSH")?.unreachable).toMatch(
      /Rampart's rule #3 \(drop all\)/,
    );
    expect(p.chain!.unreachableCount).toBeGreaterThanOrEqual(4);
    // the new management rule joins the top of Rampart's rules, above the router's section: accepted before anything can drop it
    expect(rows.findIndex((r) => r.ruleId === mgmt.id)).toBeLessThan(
      rows.findIndex((r) => r.label === "rule no_https: No-HTTPS"),
    );
    expect(p.lockout).toMatchObject({ blockedBy: null, undecided: [] });
  });
});
