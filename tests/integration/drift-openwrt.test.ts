import fs from "node:fs";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { RuleSetContent } from "@/lib/rules/schema";
import { rule } from "@/tests/support/rule-fixtures";
import {
  addOpenWrtRouter,
  dns,
  newRuleSet,
  openWrtManaged,
  openWrtSections,
  openWrtState,
  setupPushDatabase,
  ssh,
  openWrtPushHooks,
  web,
} from "./push-fixture";

// a push reads the kernel too (nft) and makes sets exact: more stand-in commands, each a node process
vi.setConfig({ testTimeout: 90_000 });

/**
 * Drift and adopt on OpenWrt, against the stand-in (real sshd, uci/fw4 stand-ins) and a real database: Rampart's
 * sections are edited with uci behind its back, the health poll sees exactly those differences, and an overwrite
 * push or an adopt ends them. Router state is read from the stand-in; drift state from what the poller recorded.
 * Everything goes through lib/drift and the registry's driver, as the RouterOS drift test does.
 */
const dir = setupPushDatabase("drift-openwrt");
const h = openWrtPushHooks();

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ntp = rule({
  id: "rntp0001",
  family: "ipv4",
  protocol: "udp",
  dstPorts: [{ from: 123, to: 123 }],
  comment: "ntp",
});
/** Four rules, so a hand edit can change one, delete one and move one while two keep their order. */
const pushed: RuleSetContent = {
  rules: [ssh, web, dns, ntp],
  addressLists: [{ name: "office", entries: [{ address: "10.1.0.0/16", comment: "hq" }] }],
};
const MANAGED = [
  "rampart_set_office_4",
  "rampart_rssh0001",
  "rampart_rweb0001",
  "rampart_rdns0001",
  "rampart_rntp0001",
];

const editor = () => h.rulesets.userEditor({ id: h.users.admin.userId, username: "alice" });
const poll = (routerId: string) => h.poll(routerId, { timeoutMs: 5000 });

async function routerPushed() {
  const peer = await h.newPeer();
  const name = `owd${++h.n}`;
  const routerId = await addOpenWrtRouter(name, peer);
  const ruleSetId = await newRuleSet(h.users.admin.userId, `drift-${name}`, pushed);
  const a = await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId);
  if (!a.ok) throw new Error(a.message);
  const d = await h.previewAndPush(routerId, ruleSetId, 1);
  expect(d.status, d.error ?? "").toBe("done");
  expect(openWrtManaged(peer)).toEqual(MANAGED);
  return { peer, routerId, ruleSetId, name };
}

type Peer = Awaited<ReturnType<typeof routerPushed>>["peer"];

/**
 * An admin's emergency edit in a shell on the router: `uci batch` + commit + `fw4 reload`, Rampart not involved.
 * The reload makes it what the router runs: an edit only committed leaves the old chains loaded, which drift
 * reports as the kernel differing from the config (#17.5, running-chains.test.ts), and adopting it is not "in sync".
 */
function editBehindRampart(peer: Peer, lines: string[]) {
  const r = peer.uci(["batch"], `${lines.join("\n")}\ncommit firewall\n`);
  expect(r.stderr).toBe("");
  expect(peer.uci(["changes", "firewall"]).stdout).toBe("");
  expect(peer.fw4(["reload"]).rc).toBe(0);
}

/**
 * The four hand edits: web's port, dns deleted, a section that only looks like Rampart's (placed at the end of
 * Rampart's block, so it sits where a rule of the set would), ntp moved above ssh. `style` is how the values are
 * typed: "option" as an admin types them (`uci set … dest_port='8443'`), "list" the way Rampart writes them.
 */
function driftFourWays(peer: Peer, style: "option" | "list" = "option") {
  const sshAt = peer.readState().sections.findIndex((s) => s.name === "rampart_rssh0001");
  const value = (section: string, option: string, v: string, fresh = false) =>
    style === "option"
      ? [`set firewall.${section}.${option}='${v}'`]
      : [...(fresh ? [] : [`delete firewall.${section}.${option}`]), `add_list firewall.${section}.${option}='${v}'`];
  editBehindRampart(peer, [
    ...value("rampart_rweb0001", "dest_port", "8443"),
    "delete firewall.rampart_rdns0001",
    "set firewall.rampart_rhand0001=rule",
    "set firewall.rampart_rhand0001.name='by-hand'",
    "set firewall.rampart_rhand0001.src='wan'",
    ...value("rampart_rhand0001", "proto", "tcp", true),
    ...value("rampart_rhand0001", "dest_port", "8080", true),
    "set firewall.rampart_rhand0001.target='ACCEPT'",
    `reorder firewall.rampart_rntp0001=${sshAt}`,
    // ssh, web and ntp are left where dns was deleted: the block is ntp ssh web, and the new section follows it
    `reorder firewall.rampart_rhand0001=${sshAt + 3}`,
  ]);
  const all = openWrtSections(peer);
  const managedAt = all.flatMap((s, i) => (/^\S+ rampart_/.test(s) ? [i] : []));
  expect(managedAt.at(-1)! - managedAt[0] + 1).toBe(managedAt.length);
  expect(openWrtManaged(peer)).toEqual([
    "rampart_set_office_4",
    "rampart_rntp0001",
    "rampart_rssh0001",
    "rampart_rweb0001",
    "rampart_rhand0001",
  ]);
}

const missingDns = { name: "dns", src: "*", family: "ipv4", proto: "udp", dest_port: "53", target: "ACCEPT" };
const extraHand = { name: "by-hand", src: "wan", proto: "tcp", dest_port: "8080", target: "ACCEPT" };
const asFields = (o: Record<string, string>, side: "onRouter" | "pushed") =>
  Object.entries(o).map(([field, v]) => ({
    field,
    onRouter: side === "onRouter" ? v : "",
    pushed: side === "pushed" ? v : "",
  }));

describe("drift on OpenWrt", () => {
  it("hand edits over SSH show up on the next poll as exactly those differences; an overwrite push ends them", async () => {
    const { peer, routerId, ruleSetId } = await routerPushed();
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({ state: "in-sync", differences: [] });

    driftFourWays(peer);
    await poll(routerId);
    const v = (await h.drift.getDriftView(routerId))!;
    expect(v.state).toBe("drifted");
    expect(v.lastPushed).toMatchObject({ ruleSetId, number: 1 });
    expect(v.differences).toEqual([
      {
        kind: "changed",
        ruleId: "rweb0001",
        rule: "#2 web",
        description: expect.any(String),
        fields: [{ field: "dest_port", onRouter: "8443", pushed: "443" }],
      },
      {
        kind: "missing",
        ruleId: "rdns0001",
        rule: "#3 dns",
        description: expect.any(String),
        fields: asFields(missingDns, "pushed"),
      },
      { kind: "reordered", ruleId: "rntp0001", rule: "#4 ntp", description: expect.any(String), fields: [] },
      {
        kind: "extra",
        ruleId: "rhand0001",
        rule: null,
        description: expect.any(String),
        fields: asFields(extraHand, "onRouter"),
      },
    ]);

    // overwrite: the normal previewed push of the same revision
    const d = await h.previewAndPush(routerId, ruleSetId, 1);
    expect(d.status, d.error ?? "").toBe("done");
    expect(openWrtManaged(peer)).toEqual(MANAGED);
    expect(peer.uci(["get", "firewall.rampart_rweb0001.dest_port"]).stdout).toBe("443\n");
    expect(peer.uci(["get", "firewall.rampart_rdns0001.dest_port"]).stdout).toBe("53\n");
    expect(peer.uci(["get", "firewall.rampart_rhand0001"]).rc).not.toBe(0);
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({
      state: "in-sync",
      differences: [],
      lastPushed: { number: 1 },
    });
  });

  it("adopt makes the hand-edited sections a new revision, credited to the admin, writes nothing, and the router is in sync", async () => {
    const { peer, routerId, ruleSetId, name } = await routerPushed();
    driftFourWays(peer, "list");
    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!.differences.map((x) => x.kind)).toEqual([
      "changed",
      "missing",
      "reordered",
      "extra",
    ]);
    const before = openWrtState(peer);

    const r = await h.drift.adoptLive(editor(), routerId);
    if (!r.ok) throw new Error(r.message);
    expect(r).toMatchObject({ ruleSetId, revision: 2, drift: { state: "in-sync" } });
    expect(openWrtState(peer)).toEqual(before); // adopt never writes to the router

    const rev = (await h.rulesets.getRevision(ruleSetId, 2))!;
    expect(rev.message).toBe(`Adopted from router ${name} by alice`);
    expect(rev.authorLabel).toBe("alice");
    // the live order, web's new port, dns gone, the hand-made section now one of the set's rules
    expect(rev.content.rules.map((x) => x.id)).toEqual(["rntp0001", "rssh0001", "rweb0001", "rhand0001"]);
    expect(rev.content.rules.find((x) => x.id === "rweb0001")).toEqual({
      ...web,
      dstPorts: [{ from: 8443, to: 8443 }],
    });
    expect(rev.content.rules.find((x) => x.id === "rhand0001")).toMatchObject({
      chain: "input",
      action: "accept",
      protocol: "tcp",
      inInterface: "wan",
      dstPorts: [{ from: 8080, to: 8080 }],
      comment: "by-hand",
    });
    expect(rev.content.addressLists.map((l) => [l.name, l.entries.map((e) => e.address)])).toEqual([
      ["office", ["10.1.0.0/16"]],
    ]);

    await poll(routerId);
    expect((await h.drift.getDriftView(routerId))!).toMatchObject({
      state: "in-sync",
      differences: [],
      lastPushed: { ruleSetId, number: 2 },
    });
    // and a preview of the new head sends nothing
    expect((await h.preview(routerId, ruleSetId, 2)).inSync).toBe(true);
  });

  // fw4 reads `option dest_port '8443'` like `list dest_port '8443'`: an admin's `uci set` writes the option form
  // of what Rampart writes as a list, and that alone is no drift.
  it("adopt of plain `uci set` options (a scalar where Rampart writes a list) leaves the router in sync", async () => {
    const { peer, routerId } = await routerPushed();
    driftFourWays(peer, "option");
    const r = await h.drift.adoptLive(editor(), routerId);
    if (!r.ok) throw new Error(r.message);
    expect(r.drift).toMatchObject({ state: "in-sync" });
  });
});
