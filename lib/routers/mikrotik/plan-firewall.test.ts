import { describe, expect, it } from "vitest";
import { content, list, rule } from "@/tests/support/rule-fixtures";
import { ROUTEROS_PRINTED_DEFAULTS } from "@/tests/support/routeros-printed-defaults";
import type { Rule } from "@/lib/rules/schema";
import type { DesiredFirewall, LiveFirewall, LiveFirewallItem, VendorOp } from "../driver";
import { parseManagedComment } from "./managed-comment";
import { mikrotikPlanner } from "./planner";
import { longestIncreasingSubsequence } from "../../longest-increasing";

/**
 * Plan minimality and placement on synthetic router state. The state is what a router prints for the compiled
 * rules (defaults filled in, booleans as true/false); the ops are then replayed on a plain list to check the
 * resulting order. Replays against the real peer are in push-on-peer.test.ts.
 */
let nextId = 0x100;
const id = () => `*${(nextId++).toString(16).toUpperCase()}`;

function compile(rules: Rule[], lists = [] as ReturnType<typeof list>[]): DesiredFirewall {
  const r = mikrotikPlanner.compile(content(rules, lists));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.desired;
}

/** Rows as a router prints them after the desired items were added (optionally around foreign/dynamic rows). */
function liveOf(
  desired: DesiredFirewall,
  opts: { top?: LiveFirewallItem[]; bottom?: LiveFirewallItem[] } = {},
): LiveFirewall {
  const managed = desired.items.map((d): LiveFirewallItem => {
    const ref = id();
    const raw =
      d.kind === "filter"
        ? { ".id": ref, ...ROUTEROS_PRINTED_DEFAULTS, ...d.fields }
        : { ".id": ref, dynamic: "false", disabled: "false", "creation-time": "2025-01-01 00:00:00", ...d.fields };
    return {
      ref,
      kind: d.kind,
      family: d.family,
      managedId: parseManagedComment(d.fields.comment)!.id,
      dynamic: false,
      raw,
    };
  });
  return { items: [...(opts.top ?? []), ...managed, ...(opts.bottom ?? [])], stateHash: "h" };
}

function foreignRow(comment: string, dynamic = false): LiveFirewallItem {
  const ref = id();
  return {
    ref,
    kind: "filter",
    family: "ipv4",
    managedId: null,
    dynamic,
    raw: { ".id": ref, chain: "input", action: "accept", comment, dynamic: String(dynamic) },
  };
}

/** Replays filter ops on a list of refs the way the router orders rows (add/place-before, move/destination, remove). */
function replay(order: string[], ops: VendorOp[]): string[] {
  const rows = [...order];
  let n = 0;
  for (const op of ops) {
    const args = Object.fromEntries(
      op.wire.slice(1).map((w) => [w.slice(1, w.indexOf("=", 1)), w.slice(w.indexOf("=", 1) + 1)]),
    );
    const verb = op.wire[0].split("/").pop();
    if (verb === "add") {
      const at = args["place-before"] ? rows.indexOf(args["place-before"]) : rows.length;
      expect(at).toBeGreaterThanOrEqual(0);
      rows.splice(at, 0, `new:${parseManagedComment(args.comment)!.id}:${n++}`);
    } else if (verb === "move") {
      rows.splice(rows.indexOf(args.numbers), 1);
      const at = args.destination ? rows.indexOf(args.destination) : rows.length;
      expect(at).toBeGreaterThanOrEqual(0);
      rows.splice(at, 0, args.numbers);
    } else if (verb === "remove") rows.splice(rows.indexOf(args[".id"]), 1);
  }
  return rows;
}

const ipv4Rules = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    rule({
      id: `r${String(i).padStart(6, "0")}`,
      family: "ipv4",
      protocol: "tcp",
      dstPorts: [{ from: 1 + (i % 60000), to: 1 + (i % 60000) }],
    }),
  );

describe("plan minimality", () => {
  it("in sync: no ops, compare is empty", () => {
    const d = compile(
      [rule({ id: "raaaaaa1" }), rule({ id: "raaaaaa2", action: "drop", log: true, logPrefix: "x" })],
      [list("office", ["10.0.0.0/8", "2001:db8::/32"])],
    );
    const live = liveOf(d, { top: [foreignRow("dummy", true)], bottom: [foreignRow("defconf: accept ICMP")] });
    const plan = mikrotikPlanner.plan(live, d);
    expect(plan.ops).toEqual([]);
    expect(plan.counts).toEqual({ add: 0, change: 0, remove: 0, move: 0 });
    expect(plan.baseStateHash).toBe("h");
    expect(mikrotikPlanner.compare(live, d)).toEqual([]);
  });

  it("changing 1 of 2,000 rules is exactly one set carrying only the changed property", () => {
    const rules = ipv4Rules(2000);
    const live = liveOf(compile(rules));
    rules[1234] = { ...rules[1234], action: "drop" };
    const t0 = Date.now();
    const plan = mikrotikPlanner.plan(live, compile(rules));
    expect(Date.now() - t0).toBeLessThan(2000);
    const ref = live.items[1234].ref;
    expect(plan.ops).toEqual([
      {
        label: "set rule r001234 (ip input): action=drop",
        wire: ["/ip/firewall/filter/set", `=.id=${ref}`, "=action=drop"],
      },
    ]);
    expect(plan.changes).toEqual([
      {
        kind: "change",
        ruleId: "r001234",
        description: "change ip input rule",
        fields: [{ field: "action", old: "accept", new: "drop" }],
      },
    ]);
  });

  it("a removed property is unset with =!prop=; defaults are written as values", () => {
    const r = rule({
      id: "rbbbbbb1",
      family: "ipv4",
      protocol: "tcp",
      dstPorts: [{ from: 22, to: 22 }],
      log: true,
      logPrefix: "ssh",
    });
    const live = liveOf(compile([r]));
    const plan = mikrotikPlanner.plan(
      live,
      compile([{ ...r, protocol: "any", dstPorts: [], log: false, logPrefix: "" }]),
    );
    expect(plan.ops.map((o) => o.wire)).toEqual([
      [
        "/ip/firewall/filter/set",
        `=.id=${live.items[0].ref}`,
        "=!protocol=",
        "=!dst-port=",
        "=log=false",
        "=log-prefix=",
      ],
    ]);
  });

  it("moving the last of 2,000 rules to the top is one move onto the first rule", () => {
    const rules = ipv4Rules(2000);
    const live = liveOf(compile(rules), { top: [foreignRow("dummy", true)], bottom: [foreignRow("defconf: drop")] });
    const plan = mikrotikPlanner.plan(live, compile([rules[1999], ...rules.slice(0, 1999)]));
    expect(plan.ops).toHaveLength(1);
    expect(plan.ops[0].wire).toEqual([
      "/ip/firewall/filter/move",
      `=numbers=${live.items[2000].ref}`,
      `=destination=${live.items[1].ref}`,
    ]);
    expect(plan.counts.move).toBe(1);
  });

  it("a reorder uses exactly n - LIS moves and lands in the desired order", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [2, 5, 30, 300]) {
      const rules = ipv4Rules(n);
      const live = liveOf(compile(rules), {
        top: [foreignRow("dummy", true)],
        bottom: [foreignRow("defconf: a"), foreignRow("defconf: b")],
      });
      const perm = rules.map((_, i) => i).sort(() => rand() - 0.5);
      const plan = mikrotikPlanner.plan(live, compile(perm.map((i) => rules[i])));
      expect(plan.ops.every((o) => o.wire[0] === "/ip/firewall/filter/move")).toBe(true);
      expect(plan.ops).toHaveLength(n - longestIncreasingSubsequence(perm).length);
      const after = replay(
        live.items.map((i) => i.ref),
        plan.ops,
      );
      const refOf = (i: number) => live.items[1 + i].ref;
      expect(after).toEqual([live.items[0].ref, ...perm.map(refOf), ...live.items.slice(-2).map((i) => i.ref)]);
    }
  });

  it("adds stack in order above one anchor without placeholders; managed rules go above foreign ones, never onto dynamic rows", () => {
    const dummy = foreignRow("special dummy rule to show fasttrack counters", true);
    const f1 = foreignRow("defconf: accept established");
    const f2 = foreignRow("defconf: drop");
    const old = compile([rule({ id: "rkeep001", family: "ipv4" })]);
    // The kept managed rule was pushed above f1 and has been moved below it by hand: it must move back up.
    const kept = liveOf(old).items[0];
    const live: LiveFirewall = { items: [dummy, f1, kept, f2], stateHash: "s" };
    const rules = ["rnew0001", "rnew0002", "rkeep001", "rnew0003"].map((i) => rule({ id: i, family: "ipv4" }));
    const plan = mikrotikPlanner.plan(live, compile(rules), { placement: { "ipv4 rkeep001": f1.ref } });
    const touched = plan.ops.flatMap((o) =>
      o.wire.filter((w) => /^=(\.id|numbers|destination|place-before)=/.test(w)).map((w) => w.split("=")[2]),
    );
    expect(touched).not.toContain(dummy.ref);
    expect(plan.ops.filter((o) => /\/(set|remove)$/.test(o.wire[0])).flatMap((o) => o.wire)).not.toContain(
      `=.id=${f1.ref}`,
    );
    expect(plan.counts).toEqual({ add: 3, change: 0, remove: 0, move: 1 });
    const after = replay(
      live.items.map((i) => i.ref),
      plan.ops,
    );
    expect(after.map((r) => (r.startsWith("new:") ? r.split(":")[1] : r))).toEqual([
      dummy.ref,
      "rnew0001",
      "rnew0002",
      kept.ref,
      "rnew0003",
      f1.ref,
      f2.ref,
    ]);
    // Every anchor existed before the plan ran.
    const before = new Set(live.items.map((i) => i.ref));
    for (const w of plan.ops.flatMap((o) => o.wire).filter((x) => /^=(destination|place-before)=/.test(x)))
      expect(before.has(w.split("=")[2])).toBe(true);
  });

  it("rules keep the gaps between foreign rows they were pushed into (or, unrecorded, sit in); new ones join the rule before them", () => {
    const f1 = foreignRow("defconf: fasttrack");
    const f2 = foreignRow("defconf: drop all not from LAN");
    const rows = liveOf(compile(["ra000001", "rb000001", "rc000001"].map((id) => rule({ id, family: "ipv4" })))).items;
    // a taken-over router: a, fasttrack, b, c, drop
    const live: LiveFirewall = { items: [rows[0], f1, rows[1], rows[2], f2], stateHash: "s" };
    const ids = (order: string[]) => compile(order.map((id) => rule({ id, family: "ipv4" })));
    const layout = (p: ReturnType<typeof mikrotikPlanner.plan>) =>
      replay(
        live.items.map((i) => i.ref),
        p.ops,
      ).map((r) => (r.startsWith("new:") ? r.split(":")[1] : r));

    const same = mikrotikPlanner.plan(live, ids(["ra000001", "rb000001", "rc000001"]));
    expect(same.ops).toEqual([]);
    expect(same.placement).toEqual({ "ipv4 ra000001": f1.ref, "ipv4 rb000001": f2.ref, "ipv4 rc000001": f2.ref });
    expect(
      mikrotikPlanner.compare(live, ids(["ra000001", "rb000001", "rc000001"]), { placement: same.placement }),
    ).toEqual([]);

    // a new rule after b lands beside b, below fasttrack; a new first rule lands on top
    const added = mikrotikPlanner.plan(live, ids(["rnew0001", "ra000001", "rb000001", "rnew0002", "rc000001"]), {
      placement: same.placement,
    });
    expect(added.counts).toEqual({ add: 2, change: 0, remove: 0, move: 0 });
    expect(layout(added)).toEqual(["rnew0001", rows[0].ref, f1.ref, rows[1].ref, "rnew0002", rows[2].ref, f2.ref]);

    // c moved to the top of the rule set: c alone moves, above a
    const moved = mikrotikPlanner.plan(live, ids(["rc000001", "ra000001", "rb000001"]), { placement: same.placement });
    expect(moved.counts.move).toBe(1);
    expect(layout(moved)).toEqual([rows[2].ref, rows[0].ref, f1.ref, rows[1].ref, f2.ref]);

    // a dragged below fasttrack by hand is drift against the recorded placement
    const handMoved: LiveFirewall = { items: [f1, rows[0], rows[1], rows[2], f2], stateHash: "t" };
    expect(
      mikrotikPlanner
        .compare(handMoved, ids(["ra000001", "rb000001", "rc000001"]), { placement: same.placement })
        .map((c) => c.kind),
    ).toEqual(["move"]);
  });

  it("a foreign row added by hand inside the block goes back below it in one move; one appended below it is no drift", () => {
    const rules = ipv4Rules(300);
    const defconf = foreignRow("defconf: drop all not from LAN");
    const rows = liveOf(compile(rules)).items;
    const placement = mikrotikPlanner.plan({ items: [...rows, defconf], stateHash: "p" }, compile(rules)).placement;
    const hand = foreignRow("hand");
    for (const at of [1, 150, 299]) {
      const live: LiveFirewall = { items: [...rows.slice(0, at), hand, ...rows.slice(at), defconf], stateHash: "s" };
      const plan = mikrotikPlanner.plan(live, compile(rules), { placement });
      expect(plan.counts).toEqual({ add: 0, change: 0, remove: 0, move: 1 });
      expect(mikrotikPlanner.compare(live, compile(rules), { placement })).toHaveLength(1);
      expect(
        replay(
          live.items.map((i) => i.ref),
          plan.ops,
        ),
      ).toEqual([...rows.map((r) => r.ref), hand.ref, defconf.ref]);
    }
    const below: LiveFirewall = { items: [...rows, hand, defconf], stateHash: "b" };
    expect(mikrotikPlanner.compare(below, compile(rules), { placement })).toEqual([]);
  });

  it("an entry a foreign item already holds is not added twice; a duplicate managed rule is removed", () => {
    const d = compile(
      [rule({ id: "rccccc01", family: "ipv4", src: { kind: "list", list: "office", negate: false } })],
      [list("office", ["10.0.0.0/8", "10.1.0.0/16"])],
    );
    const live = liveOf(d);
    const foreignEntry: LiveFirewallItem = {
      ref: "*F00",
      kind: "address-list-entry",
      family: "ipv4",
      managedId: null,
      dynamic: false,
      raw: { ".id": "*F00", list: "office", address: "10.1.0.0/16" },
    };
    const items = live.items.filter((i) => !(i.kind === "address-list-entry" && i.raw.address === "10.1.0.0/16"));
    const dup = { ...items[0], ref: "*F01", raw: { ...items[0].raw, ".id": "*F01" } };
    const plan = mikrotikPlanner.plan({ items: [...items, dup, foreignEntry], stateHash: "x" }, d);
    expect(plan.ops.map((o) => o.wire)).toEqual([["/ip/firewall/filter/remove", "=.id=*F01"]]);
  });

  it("addresses compare in the router's spelling: /32, upper-case IPv6, protocol numbers, state order", () => {
    const d = compile([
      rule({
        id: "rdddddd1",
        family: "both",
        protocol: "tcp",
        states: ["new", "established"],
        src: { kind: "addresses", values: ["10.0.0.1/32", "2001:DB8::1/128"], negate: false },
      }),
    ]);
    const live = liveOf(d);
    for (const i of live.items) {
      if (i.raw["src-address"]) i.raw["src-address"] = i.family === "ipv4" ? "10.0.0.1/32" : "2001:DB8:0::1";
      i.raw.protocol = "6";
      i.raw["connection-state"] = "new,established";
    }
    expect(mikrotikPlanner.compare(live, d)).toEqual([]);
  });
});

describe("restorePlan", () => {
  it("puts managed rules back between the same foreign rows, with their old fields", () => {
    const f1 = foreignRow("defconf: accept established");
    const f2 = foreignRow("defconf: drop");
    const a = liveOf(compile([rule({ id: "rold0001", family: "ipv4" })])).items[0];
    const b = liveOf(compile([rule({ id: "rold0002", family: "ipv4", action: "drop" })])).items[0];
    const before: LiveFirewall = { items: [f1, a, f2, b], stateHash: "b" };
    // After a push: both old rules replaced/changed and moved to the top.
    const pushed = liveOf(
      compile([rule({ id: "rnew0001", family: "ipv4" }), rule({ id: "rold0002", family: "ipv4", action: "accept" })]),
    );
    const current: LiveFirewall = {
      items: [
        pushed.items[0],
        { ...pushed.items[1], ref: b.ref, raw: { ...pushed.items[1].raw, ".id": b.ref } },
        f1,
        f2,
      ],
      stateHash: "c",
    };
    const plan = mikrotikPlanner.restorePlan(current, before);
    expect(plan.baseStateHash).toBe("c");
    const after = replay(
      current.items.map((i) => i.ref),
      plan.ops,
    );
    expect(after.map((r) => (r.startsWith("new:") ? r.split(":")[1] : r))).toEqual([f1.ref, "rold0001", f2.ref, b.ref]);
    expect(plan.ops.find((o) => o.wire[0].endsWith("/set"))!.wire).toEqual([
      "/ip/firewall/filter/set",
      `=.id=${b.ref}`,
      "=action=drop",
    ]);
  });
});
