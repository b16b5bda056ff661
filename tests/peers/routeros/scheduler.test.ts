import { afterEach, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "./peer";
import { rawConnect, type RawClient } from "./raw-client";
import { formatDate, formatTime } from "./routeros-time";

/**
 * The scheduler must run the script source that was uploaded, parsed and executed, so "Rampart killed after
 * apply, the timer restores" can really fail (docs/rulings.md §10, "Tests that cannot lie").
 */
let peer: RouterOsPeer;
let c: RawClient;
afterEach(async () => {
  c?.socket.destroy();
  await peer?.close();
});

async function cmd(words: string[]): Promise<string[][]> {
  c.send([...words, ".tag=t"]);
  return c.untilDone("t");
}

async function setup(version = "7.18.2 (stable)") {
  peer = await startRouterOsPeer({ version, seed: { foreign: true } });
  c = await rawConnect(peer.port);
  await c.login();
}

const REVERT = String.raw`# revert of push 7: drop what the push added, put back what it removed
/ip firewall filter remove [find comment~"^rampart:"]
/ip firewall filter
add chain=input action=accept protocol=tcp dst-port=22 comment="rampart:rold0001 ssh \"old\"" place-before=[find comment="defconf: drop all not coming from LAN"]
:foreach i in=[/ip firewall address-list find where list=rampart-office] do={ /ip firewall address-list remove $i }
/ip/firewall/address-list/add list=rampart-office address=10.1.0.0/16 comment=rampart:lold
:do { /ip firewall filter remove *FFFF } on-error={ :log warning "already gone" }
:log info "rampart revert 7 done"
/system scheduler remove [find name="rampart-revert-7"]
/system script remove rampart-revert-7
`;

describe("scheduler runs uploaded scripts", () => {
  it("fires after its delay and the script restores the tables", async () => {
    await setup();
    const filter = () => peer.rows("ip/firewall/filter").map((r) => r.comment);
    const before = filter();
    // The "push": two managed rules and a managed address-list entry.
    await cmd(["/ip/firewall/filter/add", "=chain=input", "=action=drop", "=comment=rampart:rnew0001"]);
    await cmd(["/ip/firewall/filter/add", "=chain=forward", "=action=drop", "=comment=rampart:rnew0002 x"]);
    await cmd(["/ip/firewall/address-list/add", "=list=rampart-office", "=address=10.9.0.0/16"]);
    await cmd(["/system/script/add", "=name=rampart-revert-7", `=source=${REVERT}`, "=policy=read,write,policy,test"]);
    const start = Date.now() + 1500;
    await cmd([
      "/system/scheduler/add",
      "=name=rampart-revert-7",
      "=on-event=rampart-revert-7",
      "=interval=0s",
      `=start-date=${formatDate(start, peer.state.version)}`,
      `=start-time=${formatTime(start)}`,
    ]);
    const [sched] = await cmd(["/system/scheduler/print"]);
    expect(sched.join(" ")).toContain("=next-run=");
    expect(filter()).toContain("rampart:rnew0001");

    await new Promise((r) => setTimeout(r, 2200));
    const after = filter();
    expect(after).not.toContain("rampart:rnew0001");
    expect(after).not.toContain("rampart:rnew0002 x");
    // Restored rule landed right before the foreign drop rule, with its quoted comment intact.
    const dropIdx = after.indexOf("defconf: drop all not coming from LAN");
    expect(after[dropIdx - 1]).toBe('rampart:rold0001 ssh "old"');
    expect(after.filter((x) => x !== 'rampart:rold0001 ssh "old"')).toEqual(before);
    expect(
      peer
        .rows("ip/firewall/address-list")
        .filter((r) => r.list === "rampart-office")
        .map((r) => r.address),
    ).toEqual(["10.1.0.0/16"]);
    expect(peer.rows("system/scheduler")).toEqual([]);
    expect(peer.rows("system/script")).toEqual([]);
    expect(peer.state.log.map((l) => l.message)).toEqual(
      expect.arrayContaining(["already gone", "rampart revert 7 done"]),
    );
  });

  it("does not fire when the scheduler is removed in time (the push was confirmed)", async () => {
    await setup();
    await cmd(["/ip/firewall/filter/add", "=chain=input", "=comment=rampart:rkeep001"]);
    await cmd([
      "/system/scheduler/add",
      "=name=rv",
      `=on-event=/ip firewall filter remove [find comment~"rampart"]`,
      "=interval=5m",
    ]);
    await cmd(["/system/scheduler/remove", "=numbers=rv"]);
    peer.advanceClock(10 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.rows("ip/firewall/filter").some((r) => r.comment === "rampart:rkeep001")).toBe(true);
  });

  it("interval without start fires one interval after creation (fake clock), with the old date format", async () => {
    await setup("7.9 (stable)");
    await cmd(["/ip/firewall/filter/add", "=chain=input", "=comment=rampart:rgone001"]);
    await cmd([
      "/system/scheduler/add",
      "=name=rv",
      `=on-event=/ip firewall filter remove [find comment~"rampart"]`,
      "=interval=5m",
    ]);
    expect(peer.rows("system/scheduler")[0]["start-date"]).toMatch(/^[a-z]{3}\/\d{2}\/\d{4}$/);
    peer.advanceClock(4 * 60_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.rows("ip/firewall/filter").some((r) => r.comment === "rampart:rgone001")).toBe(true);
    peer.advanceClock(61_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.rows("ip/firewall/filter").some((r) => r.comment === "rampart:rgone001")).toBe(false);
    expect(peer.rows("system/scheduler")[0]["run-count"]).toBe("1");
  });

  it("a failing command stops the script and is logged; /system/script/run runs it on demand", async () => {
    await setup();
    await cmd([
      "/system/script/add",
      "=name=bad",
      `=source=/ip firewall filter add chain=input comment=first\n/ip firewall filter remove *FFFF\n/ip firewall filter add chain=input comment=never`,
    ]);
    const r = await cmd(["/system/script/run", "=number=bad"]);
    expect(r[0][0]).toBe("!trap");
    const comments = peer.rows("ip/firewall/filter").map((x) => x.comment);
    expect(comments).toContain("first");
    expect(comments).not.toContain("never");
    expect(peer.state.log.some((l) => l.topic === "script,error")).toBe(true);
  });

  // A real router's scheduler belongs to the router, not to the API session that added it: it runs after that
  // session is gone, and a reply lost on the wire does not undo the add. Rampart's leftover-timer handling
  // (lib/push) depends on exactly this.
  it("a scheduler outlives its connection, also when the reply to its add was lost (dropAt after)", async () => {
    await setup();
    await cmd(["/ip/firewall/filter/add", "=chain=input", "=comment=rampart:rlost001"]);
    peer.faults.dropAt = { command: "/system/scheduler/add", when: "after", times: 1 };
    c.send([
      "/system/scheduler/add",
      "=name=rv",
      `=on-event=/ip firewall filter remove [find comment~"rampart"]`,
      "=interval=5m",
      ".tag=t",
    ]);
    await c.closed; // no reply: the connection ends
    expect(peer.faults.dropAt).toBeNull();
    expect(peer.rows("system/scheduler").map((r) => r.name)).toEqual(["rv"]);
    peer.advanceClock(5 * 60_000 + 1000);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.rows("ip/firewall/filter").some((r) => r.comment === "rampart:rlost001")).toBe(false);
  });

  it("dropAt before: the connection ends and the command never ran", async () => {
    await setup();
    peer.faults.dropAt = { command: "/system/scheduler/add", when: "before", times: 1 };
    c.send(["/system/scheduler/add", "=name=rv", "=on-event=:log info x", "=interval=5m", ".tag=t"]);
    await c.closed;
    expect(peer.rows("system/scheduler")).toEqual([]);
  });
});
