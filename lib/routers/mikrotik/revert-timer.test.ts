import { afterEach, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../../../tests/peers/routeros";
import type { RouterTarget, VendorOp } from "../driver";
import { formatManagedComment } from "./managed-comment";
import { mikrotikDriver } from "./mikrotik-driver";
import { RosConnection } from "./routeros-client";

/**
 * "Rampart is killed right after apply; the on-router timer restores the firewall" (docs/routeros-api-protocol.md §7),
 * done over the driver against the peer, whose scheduler parses and runs the uploaded script. If the script
 * were wrong, or the peer only pretended, these tests would fail.
 */
let peer: RouterOsPeer | null = null;
afterEach(async () => {
  await peer?.close();
  peer = null;
});

const REVERT = (push: string) => `/ip firewall filter remove [find comment~"^rampart:"]
/ip firewall filter add chain=input action=accept protocol=tcp dst-port=22 comment="${formatManagedComment("rold0001", "ssh")}" place-before=[find comment="defconf: drop all not coming from LAN"]
/system scheduler remove [find name="rampart-revert-${push}"]
/system script remove [find name="rampart-revert-${push}"]`;

async function armAndPush(target: RouterTarget, delayS: number): Promise<void> {
  // The start time comes from the router's own clock, in the format its version prints (docs/routeros-api-protocol.md §7, 7.10).
  const probe = await RosConnection.open({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password!,
    connectTimeoutMs: 2000,
    commandTimeoutMs: 2000,
  });
  const [clock] = await probe.write(["/system/clock/print"]);
  await probe.close();
  const [h, m, s] = clock.time.split(":").map(Number);
  const t = new Date(Date.UTC(2000, 0, 1, h, m, s + delayS)).toISOString().slice(11, 19);
  const ops: VendorOp[] = [
    {
      label: "upload revert script",
      wire: [
        "/system/script/add",
        "=name=rampart-revert-9",
        `=source=${REVERT("9")}`,
        "=policy=read,write,policy,test",
      ],
    },
    {
      label: "arm revert timer",
      wire: [
        "/system/scheduler/add",
        "=name=rampart-revert-9",
        "=on-event=rampart-revert-9",
        "=interval=0s",
        `=start-date=${clock.date}`,
        `=start-time=${t}`,
      ],
    },
    {
      label: "remove old managed rule",
      wire: [
        "/ip/firewall/filter/remove",
        `=.id=${peer!.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rold0001"))![".id"]}`,
      ],
    },
    {
      label: "add rule rnew0001",
      wire: ["/ip/firewall/filter/add", "=chain=input", "=action=drop", `=comment=${formatManagedComment("rnew0001")}`],
    },
  ];
  const session = await mikrotikDriver.connect(target);
  await session.apply(ops);
  // Rampart dies here: the connection goes away, nothing confirms the push.
  await session.close();
}

async function setup(version: string) {
  peer = await startRouterOsPeer({ version, seed: { foreign: true } });
  const target: RouterTarget = {
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: peer.port,
    transport: "api",
    username: "admin",
    password: "admin",
  };
  const s = await mikrotikDriver.connect(target);
  const dropIdx = peer
    .rows("ip/firewall/filter")
    .findIndex((r) => r.comment === "defconf: drop all not coming from LAN");
  await s.apply([
    {
      label: "seed managed rule",
      wire: [
        "/ip/firewall/filter/add",
        "=chain=input",
        "=action=accept",
        "=protocol=tcp",
        "=dst-port=22",
        `=comment=${formatManagedComment("rold0001", "ssh")}`,
        `=place-before=${peer.rows("ip/firewall/filter")[dropIdx][".id"]}`,
      ],
    },
  ]);
  await s.close();
  return target;
}

const comments = () => peer!.rows("ip/firewall/filter").map((r) => r.comment);

describe("revert timer on the router", () => {
  it.each(["7.18.2 (stable)", "7.9.1 (stable)"])(
    "restores the previous firewall when nobody confirms (%s)",
    async (version) => {
      const target = await setup(version);
      const before = comments();
      await armAndPush(target, 2);
      expect(comments()).toContain("rampart:rnew0001");
      await new Promise((r) => setTimeout(r, 3200));
      expect(comments()).toEqual(before);
      expect(peer!.rows("system/scheduler")).toEqual([]);
      expect(peer!.rows("system/script")).toEqual([]);
    },
  );

  it("keeps the push when the timer is removed in time (confirmed over a new connection)", async () => {
    const target = await setup("7.18.2 (stable)");
    await armAndPush(target, 2);
    const s = await mikrotikDriver.connect(target);
    await s.apply([
      { label: "disarm timer", wire: ["/system/scheduler/remove", "=numbers=rampart-revert-9"] },
      { label: "drop script", wire: ["/system/script/remove", "=numbers=rampart-revert-9"] },
    ]);
    await s.close();
    await new Promise((r) => setTimeout(r, 3200));
    expect(comments()).toContain("rampart:rnew0001");
    expect(comments()).not.toContain("rampart:rold0001 ssh");
  });
});
