import { describe, expect, it } from "vitest";
import { rule } from "@/tests/support/rule-fixtures";
import type { RuleSetContent } from "@/lib/rules/schema";
import type { RouterOsPeer } from "../peers/routeros";
import {
  addRouter,
  editByHand,
  firewallOf,
  managementRule,
  managedIds,
  newRuleSet,
  routerOsPushHooks,
  saveRevision,
  setupPushDatabase,
  v1,
} from "./push-fixture";

/**
 * Issue #17.3: the lockout guard and the preview see the chain as the router will hold it after the push, the
 * router's own and built-in rows in their real places. A router rule above Rampart's that drops the management
 * connection refuses the push; a row the model cannot evaluate makes the path "unknown", never "stays open";
 * rows one side makes unreachable for the other are flagged. Router state is read from the peer.
 */
setupPushDatabase("resulting-chain");
const h = routerOsPushHooks("rc");
const preview = h.preview;

async function pushPreviewed(
  routerId: string,
  ruleSetId: string,
  revision: number,
  previewId: string,
  override = false,
) {
  const r = await h.startPreviewed(routerId, ruleSetId, revision, previewId, {
    revertSeconds: 60,
    ...(override ? { override: { lockout: true, noTimer: false } } : {}),
  });
  if (!r.ok) return r;
  await h.settled(r.batchId);
  return { ok: true as const, deployment: (await h.push.getDeployment(r.deploymentIds[0]))! };
}

async function routerWith(content: RuleSetContent) {
  const peer = await h.newPeer();
  const name = `rc${++h.n}`;
  const routerId = await addRouter(name, peer);
  const ruleSetId = await newRuleSet(h.users.admin.userId, `chain-${name}`, content);
  expect((await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId)).ok).toBe(true);
  const p = await preview(routerId, ruleSetId, 1);
  const r = await pushPreviewed(routerId, ruleSetId, 1, p.id, true);
  expect(r.ok && r.deployment.status).toBe("done");
  return { peer, routerId, ruleSetId };
}

const firstManaged = (peer: RouterOsPeer) =>
  peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:"))![".id"];
/** Rampart's rules accept the management port first: nothing below them can cut the connection. */
const mgmtFirst = (peer: RouterOsPeer): RuleSetContent => ({
  ...v1,
  rules: [managementRule(peer), ...v1.rules],
});

describe("the lockout guard walks the router's chain as it will be after the push", () => {
  it("a router rule above Rampart's that drops the management port refuses the push, naming it by place and comment", async () => {
    const { peer, routerId, ruleSetId } = await routerWith(v1);
    await editByHand(peer, [
      "/ip/firewall/filter/add",
      "=chain=input",
      "=action=drop",
      "=protocol=tcp",
      `=dst-port=${peer.port}`,
      "=comment=block api",
      `=place-before=${firstManaged(peer)}`,
    ]);
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [...v1.rules].reverse() });
    const p = await preview(routerId, ruleSetId, 2);
    expect(p.lockout).toMatchObject({
      checked: true,
      wholeChain: true,
      blockedBy: {
        origin: "router",
        ruleId: null,
        action: "drop",
        name: "the router's own rule #1 of ipv4 input (block api)",
      },
    });
    // the preview shows the chain with the router's row in its real place, above Rampart's
    const input = p.chain!.rows.filter((r) => r.family === "ipv4" && r.chain === "input");
    expect(input.map((r) => [r.origin, r.label]).slice(0, 3)).toEqual([
      ["router", "block api"],
      ["rampart", "web"],
      ["rampart", "ssh"],
    ]);
    expect(JSON.stringify(p.chain)).not.toMatch(/\/ip\/firewall|mikrotik|routeros/i);

    const before = firewallOf(peer);
    const refused = await pushPreviewed(routerId, ruleSetId, 2, p.id);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(
      /the router's own rule #1 of ipv4 input \(block api\) would drop Rampart's own connection/,
    );
    expect(firewallOf(peer)).toEqual(before);
  });

  it("a router rule the model cannot evaluate, above Rampart's: the path is unknown, said so, never 'stays open'", async () => {
    const { peer, routerId, ruleSetId } = await routerWith(v1);
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [...v1.rules].reverse() });
    await editByHand(peer, [
      "/ip/firewall/filter/add",
      "=chain=input",
      "=action=drop",
      "=in-interface-list=!LAN",
      "=comment=only from LAN",
      `=place-before=${firstManaged(peer)}`,
    ]);
    const p = await preview(routerId, ruleSetId, 2);
    expect(p.lockout.blockedBy).toBeNull();
    // first the hand-added row; further down the router's default "drop all not coming from LAN" is another
    expect(p.lockout.undecided[0]).toEqual({
      name: "the router's own rule #1 of ipv4 input (only from LAN)",
      reason: expect.stringMatching(/in-interface-list=!LAN has no equivalent/),
    });
    expect(p.chain!.rows.find((r) => r.label === "only from LAN")).toMatchObject({
      origin: "router",
      verdict: "drop",
      unevaluable: expect.stringMatching(/in-interface-list/),
    });
    const r = await pushPreviewed(routerId, ruleSetId, 2, p.id);
    expect(r.ok && r.deployment.status).toBe("done");
    const steps = r.ok ? r.deployment.steps.map((s) => `${s.level} ${s.message}`) : [];
    expect(
      steps.some((s) =>
        /^warn management path .*: unknown, the router's own rule #1 of ipv4 input \(only from LAN\) might drop it/.test(
          s,
        ),
      ),
    ).toBe(true);
    expect(steps.some((s) => /stays open/.test(s))).toBe(false);
  });

  it("Rampart's rules deciding first: the router's own rows below cannot cut the path, and it stays open", async () => {
    const peer0 = await h.newPeer();
    const routerId = await addRouter(`rc${++h.n}`, peer0);
    const ruleSetId = await newRuleSet(h.users.admin.userId, `chain-open-${h.n}`, mgmtFirst(peer0));
    expect((await h.push.assignRuleSet(h.users.admin.actor, routerId, ruleSetId)).ok).toBe(true);
    const p = await preview(routerId, ruleSetId, 1);
    expect(p.lockout).toMatchObject({ checked: true, wholeChain: true, blockedBy: null, undecided: [] });
    const r = await pushPreviewed(routerId, ruleSetId, 1, p.id);
    expect(
      r.ok &&
        r.deployment.steps.some(
          (s) =>
            s.level === "info" && /management path 127\.0\.0\.1 → 127\.0\.0\.1 port \d+ stays open$/.test(s.message),
        ),
    ).toBe(true);
    expect(managedIds(peer0)).toEqual(["rmgmt0001", "rssh0001", "rweb0001"]);
  });
});

describe("the preview flags rows one side makes unreachable for the other", () => {
  it("a Rampart 'drop all' above the router's own rules, and a router rule above a Rampart rule", async () => {
    const { peer, routerId, ruleSetId } = await routerWith(v1);
    expect((await preview(routerId, ruleSetId, 1)).chain!.unreachableCount).toBe(0);
    // the router's own: a drop of 192.0.2.0/24 above Rampart's rules; Rampart's: accept 192.0.2.0/24 ssh, drop all forward
    await editByHand(peer, [
      "/ip/firewall/filter/add",
      "=chain=input",
      "=action=drop",
      "=src-address=192.0.2.0/24",
      "=comment=blocked net",
      `=place-before=${firstManaged(peer)}`,
    ]);
    await editByHand(peer, [
      "/ip/firewall/filter/add",
      "=chain=forward",
      "=action=accept",
      "=protocol=tcp",
      "=dst-port=80",
      "=comment=web to dmz",
    ]);
    const content: RuleSetContent = {
      ...v1,
      rules: [
        ...v1.rules,
        // joins the gap of the rule before it: below the router's "blocked net"
        rule({
          id: "rtest0001",
          family: "ipv4",
          protocol: "tcp",
          src: { kind: "addresses", values: ["192.0.2.0/24"], negate: false },
          dstPorts: [{ from: 22, to: 22 }],
          comment: "ssh from partner",
        }),
        rule({ id: "rdrop0001", family: "both", chain: "forward", action: "drop", comment: "drop all forward" }),
      ],
    };
    await saveRevision(h.users.admin.userId, ruleSetId, content);
    const p = await preview(routerId, ruleSetId, 2);
    const rows = p.chain!.rows;
    expect(rows.find((r) => r.ruleId === "rtest0001")).toMatchObject({
      origin: "rampart",
      ruleNumber: 3,
      unreachable: expect.stringMatching(/the router's own rule #1 of ipv4 input \(blocked net\) decides every packet/),
    });
    expect(rows.find((r) => r.label === "web to dmz")).toMatchObject({
      origin: "router",
      unreachable: expect.stringMatching(/Rampart's rule #4 \(drop all forward\) decides every packet/),
    });
    expect(p.chain!.unreachableCount).toBe(2);
  });
});

describe("messages name rules by number and comment, never by internal id (#17.10)", () => {
  it("compile notes in the preview", async () => {
    const { routerId, ruleSetId } = await routerWith(v1);
    const ping = rule({ id: "rping0001", family: "both", protocol: "icmp", comment: "ping" });
    await saveRevision(h.users.admin.userId, ruleSetId, { ...v1, rules: [...v1.rules, ping] });
    const p = await preview(routerId, ruleSetId, 2);
    expect(p.plan.notes).toEqual([
      expect.objectContaining({ ruleId: "rping0001", rule: "#3 ping", message: expect.stringMatching(/no IPv6 rule/) }),
    ]);
  });
});
