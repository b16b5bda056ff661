import { describe, expect, it } from "vitest";
import { roleMatch } from "@/lib/rules/interface-roles";
import { ruleSetContentSchema } from "@/lib/rules/schema";
import { MENUS, peerKitsForFile, type PeerKit } from "@/tests/support/mikrotik-peer-kit";
import { normaliseValue } from "./firewall-props";
import { mikrotikPlanner } from "./planner";

/**
 * Issue #20 item 4 on RouterOS: a stock default-configuration firewall imported from one router and pushed to an
 * empty one gives identical tables (order and every property), with nothing skipped. What the model cannot hold
 * (fasttrack, ipsec-policy, in-interface-list=!LAN, connection-nat-state, hop-limit, port) comes over as raw rules,
 * and the defconf's masquerade NAT row (ipsec-policy, out-interface-list; 6.43+ and 7 alike) as a raw NAT rule.
 */
const kit = peerKitsForFile();

let n = 0;
const ids = () => `rstk${String(++n).padStart(4, "0")}`;

/**
 * The four tables as an admin compares them: every row and property in order, ownership tags taken out of
 * comments, values in the router's one spelling (`protocol=50` is `protocol=ipsec-esp`: the modelled rule keeps
 * the number, the router takes either; normaliseValue is what the planner compares with).
 */
function tables(k: PeerKit) {
  const all = k.firewall();
  const row = (r: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(r).map(([p, v]) => [p, p === "comment" ? v.replace(/^rampart:\S+ ?/, "") : normaliseValue(p, v)]),
    );
  const sorted = (m: string, rows: Record<string, string>[]) =>
    m.endsWith("address-list") ? rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : rows;
  return Object.fromEntries(MENUS.map((m) => [m, sorted(m, all[m].map(row))]));
}

describe.each([
  ["RouterOS 7 defconf", { version: "7.18.2 (stable)", seed: { defconf: true } }, 11, 22, 9, 1],
  ["RouterOS 6 default configuration", { version: "6.49.18 (long-term)", seed: { defconf6: true } }, 10, 22, 13, 1],
] as const)("%s: import, then push to an empty router", (_name, opts, v4Rows, v6Rows, badEntries, natRows) => {
  it("skips nothing, keeps every rule in place (raw where the model cannot hold it) and gives identical tables", async () => {
    const source = await kit(opts);
    const live = await (await source.connect()).readFirewall();
    const { content: imported, skipped } = mikrotikPlanner.decompile!(live, { managedOnly: false, newId: ids });

    // the one listed row is the router's own dynamic fasttrack counter row, which is configuration of nobody
    expect(skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/^dynamic: made by the router itself/)]);
    expect(ruleSetContentSchema.safeParse(imported).success).toBe(true);
    expect(imported.rules).toHaveLength(v4Rows + v6Rows);
    expect(imported.addressLists.map((l) => [l.name, l.entries.length])).toEqual([["bad_ipv6", badEntries]]);
    const byComment = (family: string, c: string) => imported.rules.find((r) => r.family === family && r.comment === c);
    expect(byComment("ipv4", "defconf: fasttrack")?.raw).toMatchObject({
      vendor: "mikrotik",
      props: { chain: "forward", action: "fasttrack-connection", "connection-state": "established,related" },
    });
    expect(byComment("ipv4", "defconf: drop all not coming from LAN")?.raw?.props).toEqual({
      chain: "input",
      action: "drop",
      "in-interface-list": "!LAN",
    });
    // what the model holds stays modelled
    expect(byComment("ipv4", "defconf: accept ICMP")).toMatchObject({ protocol: "icmp", chain: "input" });
    expect(byComment("ipv4", "defconf: accept ICMP")?.raw).toBeUndefined();
    // the defconf masquerade (out-interface-list=WAN ipsec-policy=out,none) is beyond the NAT model: a raw NAT rule
    expect(imported.nat ?? []).toHaveLength(natRows);
    if (natRows)
      expect(imported.nat![0]).toMatchObject({
        comment: "defconf: masquerade",
        enabled: true,
        raw: {
          vendor: "mikrotik",
          type: "nat",
          props: { chain: "srcnat", action: "masquerade", "out-interface-list": "WAN", "ipsec-policy": "out,none" },
        },
      });

    const target = await kit({ version: opts.version });
    expect(target.peer.rows("ip/firewall/filter")).toEqual([]);
    expect(target.peer.rows("ip/firewall/nat")).toEqual([]);
    await target.push(imported);
    expect(tables(target)).toEqual(tables(source));
    expect(target.peer.rows("ip/firewall/nat")).toHaveLength(natRows);

    // read back: in sync, nothing left to do
    const after = await (await target.connect()).readFirewall();
    const desired = mikrotikPlanner.compile(imported);
    if (!desired.ok) throw new Error("compile failed");
    expect(mikrotikPlanner.plan(after, desired.desired).ops).toEqual([]);
    expect(mikrotikPlanner.compare(after, desired.desired)).toEqual([]);
  });
});

describe("RouterOS 7 defconf, imported with the router's roles mapped (lan → list LAN, wan → list WAN)", () => {
  it("the rules that name the lists become role rules, not raw ones, and push back to the same rows", async () => {
    const roles = {
      lan: { kind: "interface-list", name: "LAN" },
      wan: { kind: "interface-list", name: "WAN" },
    } as const;
    const source = await kit({ version: "7.18.2 (stable)", seed: { defconf: true } });
    const live = await (await source.connect()).readFirewall();
    const { content, skipped } = mikrotikPlanner.decompile!(live, { managedOnly: false, newId: ids, roles });
    expect(skipped).toHaveLength(1); // the dynamic fasttrack counter row, as without roles
    const byComment = (c: string) => content.rules.find((r) => r.family === "ipv4" && r.comment === c)!;
    expect(byComment("defconf: drop all not coming from LAN")).toMatchObject({
      action: "drop",
      inInterface: roleMatch("lan", true),
    });
    expect(byComment("defconf: drop all not coming from LAN").raw).toBeUndefined();
    expect(byComment("defconf: drop all from WAN not DSTNATed")).toMatchObject({
      chain: "forward",
      inInterface: roleMatch("wan"),
    });
    expect(byComment("defconf: drop all from WAN not DSTNATed").raw).toBeUndefined();

    const target = await kit({ version: "7.18.2 (stable)" });
    const s = await target.connect();
    const compiled = mikrotikPlanner.compile(content, await s.readFirewall(), { roles });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    await s.apply(mikrotikPlanner.plan(await s.readFirewall(), compiled.desired).ops);
    expect(tables(target)).toEqual(tables(source));
  });
});
