import { afterEach, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../../../tests/peers/routeros";
import { DriverError, type VendorOp } from "../driver";
import { applyOps } from "./apply-ops";
import { readFirewall } from "./read-firewall";
import { RosConnection } from "./routeros-client";

let peer: RouterOsPeer | null = null;
let conn: RosConnection | null = null;
afterEach(async () => {
  await conn?.close();
  await peer?.close();
  peer = conn = null;
});

async function setup(seed = false) {
  peer = await startRouterOsPeer({
    seed: seed ? { foreign: true, fasttrack: true, dynamicAddressList: true } : undefined,
  });
  conn = await RosConnection.open({
    host: "127.0.0.1",
    port: peer.port,
    user: "admin",
    password: "admin",
    connectTimeoutMs: 2000,
    commandTimeoutMs: 5000,
  });
  return conn;
}

const add = (i: number): VendorOp => ({
  label: `add ${i}`,
  wire: ["/ip/firewall/filter/add", "=chain=input", `=comment=rampart:r${String(i).padStart(6, "0")}`],
});
const comments = () => peer!.rows("ip/firewall/filter").map((r) => r.comment);

describe("applyOps", () => {
  it("pipelines 500 adds, keeps their order and reports progress", async () => {
    const c = await setup();
    const ops = Array.from({ length: 500 }, (_, i) => add(i));
    let last = 0;
    const t0 = Date.now();
    await applyOps(c, ops, 32, (p) => (last = p.done));
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(last).toBe(500);
    expect(comments()).toEqual(ops.map((o) => o.wire[2].slice("=comment=".length)));
  });

  it("a trap inside the window: names the op, sends nothing new, and lists ops that were in flight and ran", async () => {
    const c = await setup();
    const ops = [add(0), { label: "bad", wire: ["/ip/firewall/filter/remove", "=.id=*FFF"] }, add(2), add(3)];
    const e = (await applyOps(c, ops, 8).catch((x: unknown) => x)) as DriverError;
    expect(e).toMatchObject({ kind: "router-error", opIndex: 1, routerMessage: "no such item (4)" });
    expect(e.message).toBe(
      "operation 2 of 4 (bad) failed: no such item (4); operation 1 ran; operations 3, 4 were already in flight and ran after it",
    );
    expect(comments()).toEqual(["rampart:r000000", "rampart:r000002", "rampart:r000003"]);
  });

  it("the connection is lost mid-window: names the op whose reply never came and every op that may or may not have run", async () => {
    const c = await setup();
    const ops = Array.from({ length: 10 }, (_, i) => add(i));
    peer!.faults.dropAfterSentences = 3; // login's !done, then the replies of operations 1 and 2
    const e = (await applyOps(c, ops, 4).catch((x: unknown) => x)) as DriverError;
    expect(e).toMatchObject({ kind: "closed", opIndex: 2 });
    expect(e.message).toMatch(
      /^the connection was lost during operation 3 of 10 \(add 2\) \(.*closed the connection\): it and operations 4, 5, 6, also sent, may or may not have run; operations 1–2 ran$/,
    );
    // The peer ran what it had received: the message is right that these may have run.
    expect(comments().length).toBeGreaterThanOrEqual(2);
    expect(comments().length).toBeLessThanOrEqual(6);
  });

  it("a failure names every op the window had sent behind it", async () => {
    const c = await setup();
    // Replies one sentence at a time (a slow link), so each comes alone and the window is full when the trap comes.
    peer!.faults.sentenceGapMs = 1;
    const bad = { label: "bad", wire: ["/ip/firewall/filter/remove", "=.id=*FFF"] };
    const ops = [
      ...Array.from({ length: 100 }, (_, i) => add(i)),
      bad,
      ...Array.from({ length: 30 }, (_, i) => add(101 + i)),
    ];
    // A window of 8: 7 ops are in flight behind op 101 when its trap comes.
    const e = (await applyOps(c, ops, 8).catch((x: unknown) => x)) as DriverError;
    expect(e).toMatchObject({ kind: "router-error", opIndex: 100 });
    expect(e.message).toBe(
      "operation 101 of 131 (bad) failed: no such item (4); operations 1–100 ran; operations 102–108 were already in flight and ran after it",
    );
    expect(comments()).toHaveLength(107);
    // A window of 2 keeps one op behind the failing one.
    peer!.rows("ip/firewall/filter").splice(0);
    const fixed = (await applyOps(c, ops, 2).catch((x: unknown) => x)) as DriverError;
    expect(fixed.message).toMatch(/; operation 102 was already in flight and ran after it$/);
  });

  it("window 1 is strict: nothing after the failing op runs", async () => {
    const c = await setup();
    const ops = [add(0), { label: "bad", wire: ["/ip/firewall/filter/remove", "=.id=*FFF"] }, add(2)];
    const e = (await applyOps(c, ops, 1).catch((x: unknown) => x)) as DriverError;
    expect(e.opIndex).toBe(1);
    expect(e.message).toBe("operation 2 of 3 (bad) failed: no such item (4); operation 1 ran");
    expect(comments()).toEqual(["rampart:r000000"]);
  });

  it("refuses text outside windows-1252 and malformed ops before sending anything", async () => {
    const c = await setup();
    const bad = { label: "emoji", wire: ["/ip/firewall/filter/add", "=chain=input", "=comment=rampart:r000001 ☃"] };
    const e = (await applyOps(c, [add(0), bad], 32).catch((x: unknown) => x)) as DriverError;
    expect(e).toMatchObject({ kind: "protocol", opIndex: 1 });
    expect(e.message).toContain("windows-1252");
    for (const wire of [
      ["ip/firewall/filter/add"],
      ["/login", "=name=x"],
      ["/ip/firewall/filter/add", ".tag=9"],
      ["/ip/firewall/filter/add", "chain=input"],
    ]) {
      expect(await applyOps(c, [{ label: "x", wire }], 32).catch((x: DriverError) => x.kind)).toBe("protocol");
    }
    expect(peer!.state.commands).toEqual([]);
  });
});

describe("readFirewall", () => {
  it("flags dynamic items, parses managed tags, and hashes only what a push plans against", async () => {
    const c = await setup(true);
    const a = await readFirewall(c);
    expect(
      a.items
        .filter((i) => i.dynamic)
        .map((i) => i.kind)
        .sort(),
    ).toEqual(["address-list-entry", "filter"]);
    expect(a.items.find((i) => i.dynamic && i.kind === "filter")!.ref).toBe(peer!.rows("ip/firewall/filter")[0][".id"]);
    // Counters and dynamic entries move on a live router; the hash must not.
    peer!.rows("ip/firewall/filter")[1].bytes = "123456";
    peer!.rows("ip/firewall/address-list").find((r) => r.dynamic === "true")!.timeout = "1h";
    expect((await readFirewall(c)).stateHash).toBe(a.stateHash);
    await c.write(["/ip/firewall/filter/add", "=chain=input", "=comment=rampart:rabc123 ssh"]);
    const b = await readFirewall(c);
    expect(b.stateHash).not.toBe(a.stateHash);
    expect(b.items.find((i) => i.managedId)).toMatchObject({
      managedId: "rabc123",
      kind: "filter",
      family: "ipv4",
      dynamic: false,
    });
  });
});
