import { afterEach, describe, expect, it } from "vitest";
import { legacyResponse } from "./api-commands";
import { encodeSentence } from "./codec";
import { startRouterOsPeer, type RouterOsPeer, type RouterOsPeerOptions } from "./peer";
import { rawConnect, type RawClient } from "./raw-client";
import { FASTTRACK_DUMMY_COMMENT } from "./seed";
import { TRAP } from "./trap";

let peer: RouterOsPeer | null = null;
let clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients) c.socket.destroy();
  clients = [];
  await peer?.close();
  peer = null;
});

async function connect(opts: RouterOsPeerOptions = {}, login = true): Promise<RawClient> {
  peer ??= await startRouterOsPeer(opts);
  const c = await rawConnect(peer.port);
  clients.push(c);
  if (login) await c.login();
  return c;
}

const attrs = (s: string[]) =>
  Object.fromEntries(
    s.filter((w) => w.startsWith("=")).map((w) => [w.slice(1, w.indexOf("=", 1)), w.slice(w.indexOf("=", 1) + 1)]),
  );
const message = (s: string[]) => attrs(s).message;

async function cmd(c: RawClient, words: string[], tag = "t"): Promise<string[][]> {
  c.send([...words, `.tag=${tag}`]);
  return c.untilDone(tag);
}

describe("login", () => {
  it("plain login answers a bare !done; wrong password traps (6) then !done", async () => {
    const c = await connect({}, false);
    c.send(["/login", "=name=admin", "=password=nope"]);
    expect(await c.next()).toEqual(["!trap", `=message=${TRAP.badLogin}`]);
    expect(await c.next()).toEqual(["!done"]);
    c.send(["/login", "=name=admin", "=password=admin", ".tag=L"]);
    expect(await c.next()).toEqual(["!done", ".tag=L"]);
  });

  it("refuses commands before login", async () => {
    const c = await connect({}, false);
    const r = await cmd(c, ["/system/identity/print"]);
    expect(r[0][0]).toBe("!trap");
    expect(r[1][0]).toBe("!done");
    expect(peer!.state.commands).toEqual([]);
  });

  it("legacy challenge login matches the vector of docs/routeros-api-protocol.md §5 and accepts the MD5 response", async () => {
    expect(legacyResponse("passTest", "abc123")).toBe("0021277bff9ac7caf06aa608e46616d47f");
    const c = await connect({ legacyLogin: true }, false);
    c.send(["/login", "=name=admin", "=password=admin"]);
    const ch = await c.next();
    expect(ch[0]).toBe("!done");
    const ret = attrs(ch).ret;
    expect(ret).toMatch(/^[0-9a-f]{32}$/);
    c.send(["/login", "=name=admin", `=response=${legacyResponse("admin", ret)}`]);
    expect(await c.next()).toEqual(["!done"]);
  });
});

describe("replies and tags", () => {
  it("puts .tag right after the reply word; untagged in -> untagged out", async () => {
    const c = await connect();
    const r = await cmd(c, ["/system/identity/print"], "abc");
    expect(r).toEqual([
      ["!re", ".tag=abc", "=name=rampart-test-router"],
      ["!done", ".tag=abc"],
    ]);
    c.send(["/system/identity/print"]);
    expect(await c.next()).toEqual(["!re", "=name=rampart-test-router"]);
    expect(await c.next()).toEqual(["!done"]);
  });

  it.each([
    [
      "7.18.2 (stable)",
      [
        ["!empty", ".tag=t"],
        ["!done", ".tag=t"],
      ],
    ],
    ["7.17.2 (stable)", [["!done", ".tag=t"]]],
  ])("zero-row print on %s", async (version, expected) => {
    const c = await connect({ version });
    expect(await cmd(c, ["/ip/firewall/filter/print"])).toEqual(expected);
  });

  it("a pipelined burst in one TCP write is answered per tag, in order", async () => {
    const c = await connect();
    const burst = Buffer.concat(
      [1, 2, 3].map((i) => encodeSentence(["/ip/firewall/filter/add", "=chain=input", `.tag=${i}`])),
    );
    c.sendBytes(burst);
    for (const i of [1, 2, 3]) expect((await c.next())[1]).toBe(`.tag=${i}`);
    expect(peer!.rows("ip/firewall/filter").length).toBe(3);
  });

  it("answers # with a trap and !done; /quit with an untagged !fatal and a close", async () => {
    const c = await connect();
    const r = await cmd(c, ["#"]);
    expect(r.map((s) => s[0])).toEqual(["!trap", "!done"]);
    c.send(["/quit", ".tag=q"]);
    expect(await c.next()).toEqual(["!fatal", "session terminated on request"]);
    await c.closed;
  });

  it("/cancel: !trap(X) interrupted, !done(Y), !done(X)", async () => {
    const c = await connect({ faults: { replyDelayMs: 300 } });
    c.send(["/ip/firewall/filter/add", "=chain=input", ".tag=X"]);
    c.send(["/cancel", "=tag=X", ".tag=Y"]);
    expect(await c.next()).toEqual(["!trap", ".tag=X", "=category=2", `=message=${TRAP.interrupted}`]);
    expect(await c.next()).toEqual(["!done", ".tag=Y"]);
    expect(await c.next()).toEqual(["!done", ".tag=X"]);
    await new Promise((r) => setTimeout(r, 400));
    expect(peer!.rows("ip/firewall/filter")).toEqual([]); // the cancelled add never ran
  });
});

describe("firewall tables", () => {
  it("add returns *HEX ids that are never reused; rows have the real-router shape", async () => {
    const c = await connect();
    const a = attrs(
      (
        await cmd(c, [
          "/ip/firewall/filter/add",
          "=chain=input",
          "=action=drop",
          "=protocol=tcp",
          "=dst-port=22",
          "=comment=rampart:r123456 ssh",
        ])
      )[0],
    ).ret;
    await cmd(c, ["/ip/firewall/filter/remove", `=.id=${a}`]);
    const b = attrs((await cmd(c, ["/ip/firewall/filter/add", "=chain=input"]))[0]).ret;
    expect(a).toMatch(/^\*[0-9A-F]+$/);
    expect(b).not.toBe(a);
    await cmd(c, ["/ip/firewall/filter/remove", `=.id=${b}`]);
    await cmd(c, [
      "/ip/firewall/filter/add",
      "=chain=input",
      "=action=drop",
      "=protocol=tcp",
      "=dst-port=22",
      "=comment=hello",
      "=log=yes",
    ]);
    const [row] = await cmd(c, ["/ip/firewall/filter/print"]);
    expect(row.slice(2).map((w) => w.slice(1, w.indexOf("=", 1)))).toEqual([
      ".id",
      "chain",
      "action",
      "protocol",
      "dst-port",
      "log",
      "log-prefix",
      "bytes",
      "packets",
      "invalid",
      "dynamic",
      "disabled",
      "comment",
    ]);
    expect(attrs(row).log).toBe("true");
    expect(attrs(row)).not.toHaveProperty("src-address");
  });

  it("filter rows count traffic in packets and bytes; a reboot sets them back to 0", async () => {
    const c = await connect();
    const [done] = await cmd(c, ["/ip/firewall/filter/add", "=chain=input", "=protocol=tcp", "=dst-port=22"]);
    const id = attrs(done).ret;
    peer!.countTraffic("ip/firewall/filter", id, 3, 180);
    peer!.countTraffic("ip/firewall/filter", id, 1, 60);
    const [row] = await cmd(c, ["/ip/firewall/filter/print"]);
    expect(attrs(row)).toMatchObject({ packets: "4", bytes: "240" });
    peer!.resetCounters();
    const [after] = await cmd(c, ["/ip/firewall/filter/print"]);
    expect(attrs(after)).toMatchObject({ packets: "0", bytes: "0" });
  });

  it("place-before, move (numbers/destination), comma-list remove, enable/disable, set with =!prop=, unset", async () => {
    const c = await connect();
    const add = async (name: string, extra: string[] = []) =>
      attrs((await cmd(c, ["/ip/firewall/filter/add", "=chain=input", `=comment=${name}`, ...extra]))[0]).ret;
    const a = await add("a");
    const b = await add("b");
    const x = await add("x", [`=place-before=${a}`]);
    const order = () => peer!.rows("ip/firewall/filter").map((r) => r.comment);
    expect(order()).toEqual(["x", "a", "b"]);
    await cmd(c, ["/ip/firewall/filter/move", `=numbers=${b}`, `=destination=${x}`]);
    expect(order()).toEqual(["b", "x", "a"]);
    await cmd(c, ["/ip/firewall/filter/move", `=numbers=${b}`]);
    expect(order()).toEqual(["x", "a", "b"]);
    await cmd(c, ["/ip/firewall/filter/disable", `=numbers=${a}`]);
    expect(peer!.rows("ip/firewall/filter")[1].disabled).toBe("true");
    await cmd(c, ["/ip/firewall/filter/enable", `=.id=${a}`]);
    expect(peer!.rows("ip/firewall/filter")[1].disabled).toBe("false");
    await cmd(c, ["/ip/firewall/filter/set", `=.id=${a}`, "=log-prefix=AAA", "=!comment="]);
    expect(peer!.rows("ip/firewall/filter")[1]).not.toHaveProperty("comment");
    await cmd(c, ["/ip/firewall/filter/unset", `=numbers=${a}`, "=value-name=log-prefix"]);
    expect(peer!.rows("ip/firewall/filter")[1]["log-prefix"]).toBe("");
    await cmd(c, ["/ip/firewall/filter/remove", `=.id=${x},${b}`]);
    expect(peer!.rows("ip/firewall/filter").map((r) => r[".id"])).toEqual([a]);
  });

  it("print with .proplist and the query stack", async () => {
    const c = await connect();
    for (const [chain, action] of [
      ["input", "accept"],
      ["input", "drop"],
      ["forward", "drop"],
      ["output", "accept"],
    ]) {
      await cmd(c, ["/ip/firewall/filter/add", `=chain=${chain}`, `=action=${action}`]);
    }
    const q = async (...words: string[]) =>
      (await cmd(c, ["/ip/firewall/filter/print", "=.proplist=chain,action", ...words]))
        .filter((s) => s[0] === "!re")
        .map((s) => `${attrs(s).chain}/${attrs(s).action}`);
    expect(await q("?chain=input")).toEqual(["input/accept", "input/drop"]);
    expect(await q("?=chain=input", "?action=drop")).toEqual(["input/drop"]);
    expect(await q("?chain=input", "?chain=output", "?#|")).toEqual(["input/accept", "input/drop", "output/accept"]);
    expect(await q("?chain=input", "?#!")).toEqual(["forward/drop", "output/accept"]);
    expect(await q("?action=drop", "?chain=forward", "?#&!")).toEqual(["input/accept", "input/drop", "output/accept"]);
    expect(await q("?-comment")).toHaveLength(4);
    expect(await q("?comment")).toHaveLength(0);
    expect(await q("?>.id=*2", "?<.id=*4")).toEqual(["forward/drop"]);
    const [row] = await cmd(c, ["/ip/firewall/filter/print", "=.proplist=.id,chain", "?action=accept"]);
    expect(row.length).toBe(4);
  });

  it.each([
    [["/ip/firewall/filter/remove", "=.id=*99"], TRAP.noSuchItem],
    [["/ip/firewall/nope/print"], TRAP.noSuchCommandPrefix],
    [["/ip/firewall/filter/frobnicate"], TRAP.noSuchCommand],
    [["/ip/firewall/filter/add", "=chain=input", "=thr-rtt-max=1"], "unknown parameter thr-rtt-max"],
    [["/ip/firewall/filter/add", "=chain=input", "=action=explode"], "input does not match any value of action"],
    [["/ip/firewall/filter/add", "=action=drop"], "missing value(s) of argument(s) chain"],
    [["/ip/firewall/filter/add", "=chain=input", "=dst-port=22"], TRAP.portsNeedProtocol],
    [
      ["/ip/firewall/filter/add", "=chain=input", "=protocol=tcp", "=dst-port=70000"],
      "input does not match any value of dst-port",
    ],
    [
      ["/ip/firewall/filter/add", "=chain=input", "=src-address=10.0.0.300"],
      "input does not match any value of src-address",
    ],
    [
      ["/ipv6/firewall/filter/add", "=chain=input", "=src-address=10.0.0.1"],
      "input does not match any value of src-address",
    ],
    [["/ip/firewall/filter/add", "=chain=input", "=protocol=bogus"], "input does not match any value of protocol"],
    [["/ip/firewall/address-list/add", "=list=x"], "missing value(s) of argument(s) address"],
    // ttl is an /ip matcher and hop-limit an /ipv6 one; each table refuses the other's
    [["/ipv6/firewall/filter/add", "=chain=input", "=ttl=equal:1"], "unknown parameter ttl"],
    [["/ip/firewall/filter/add", "=chain=input", "=hop-limit=equal:1"], "unknown parameter hop-limit"],
    [["/ip/firewall/filter/add", "=chain=input", "=ttl=about:1"], "input does not match any value of ttl"],
    [
      ["/ip/firewall/filter/add", "=chain=input", "=icmp-options=300"],
      "input does not match any value of icmp-options",
    ],
    [
      ["/ip/firewall/filter/add", "=chain=input", "=connection-nat-state=pat"],
      "input does not match any value of connection-nat-state",
    ],
  ])("traps %j with the document's text, then !done", async (words, text) => {
    const c = await connect();
    const r = await cmd(c, words);
    expect(r[0][0]).toBe("!trap");
    expect(message(r[0])).toBe(text);
    expect(r[1]).toEqual(["!done", ".tag=t"]);
  });

  it("rules may name only the interfaces and interface lists the router has, as a real router checks them", async () => {
    const c = await connect({ interfaces: ["ether1", "bridge"], interfaceLists: ["LAN"] });
    const names = async (menu: string) =>
      (await cmd(c, [`/${menu}/print`])).filter((s) => s[0] === "!re").map((s) => attrs(s).name);
    expect(await names("interface")).toEqual(["ether1", "bridge"]);
    expect(await names("interface/list")).toEqual(["all", "none", "dynamic", "static", "LAN"]);
    const add = (...words: string[]) => cmd(c, ["/ip/firewall/filter/add", "=chain=input", ...words]);
    expect((await add("=in-interface=ether1", "=in-interface-list=!LAN", "=out-interface=!bridge"))[0][0]).toBe(
      "!done",
    );
    expect((await add("=in-interface-list=all"))[0][0]).toBe("!done");
    for (const [word, prop] of [
      ["=in-interface=wan", "in-interface"],
      ["=out-interface=!ether9", "out-interface"],
      ["=in-interface-list=WAN", "in-interface-list"],
      ["=out-interface-list=!lan", "out-interface-list"],
    ]) {
      const r = await add(word);
      expect(message(r[0]), word).toBe(TRAP.noMatch(prop));
    }
    // A set is checked the same way and leaves the row as it was; so is NAT.
    const id = peer!.rows("ip/firewall/filter")[0][".id"];
    expect(message((await cmd(c, ["/ip/firewall/filter/set", `=.id=${id}`, "=in-interface=wan"]))[0])).toBe(
      TRAP.noMatch("in-interface"),
    );
    expect(peer!.rows("ip/firewall/filter")[0]["in-interface"]).toBe("ether1");
    const nat = await cmd(c, [
      "/ip/firewall/nat/add",
      "=chain=srcnat",
      "=action=masquerade",
      "=out-interface-list=WAN",
    ]);
    expect(message(nat[0])).toBe(TRAP.noMatch("out-interface-list"));
    expect(peer!.rows("ip/firewall/filter")).toHaveLength(2);
    // The built-in lists are the router's: they cannot be removed.
    const all = peer!.rows("interface/list")[0][".id"];
    expect(message((await cmd(c, ["/interface/list/remove", `=.id=${all}`]))[0])).toMatch(/^failure: /);
  });

  it("the fasttrack dummy rule is dynamic, on top, and cannot be moved, targeted or removed", async () => {
    const c = await connect({ seed: { fasttrack: true } });
    const rows = peer!.rows("ip/firewall/filter");
    expect(rows[0]).toMatchObject({
      chain: "forward",
      action: "passthrough",
      dynamic: "true",
      comment: FASTTRACK_DUMMY_COMMENT,
    });
    const dummy = rows[0][".id"];
    const other = rows[1][".id"];
    expect(message((await cmd(c, ["/ip/firewall/filter/move", `=numbers=${dummy}`, `=destination=${other}`]))[0])).toBe(
      TRAP.cannotMoveBuiltin,
    );
    expect(message((await cmd(c, ["/ip/firewall/filter/move", `=numbers=${other}`, `=destination=${dummy}`]))[0])).toBe(
      TRAP.cannotMoveBuiltin,
    );
    expect(message((await cmd(c, ["/ip/firewall/filter/remove", `=.id=${dummy}`]))[0])).toMatch(/^failure: /);
    expect(peer!.rows("ip/firewall/filter")[0][".id"]).toBe(dummy);
  });

  it("the dummy row appears with the first fasttrack rule and goes with the last, as on a real router", async () => {
    const c = await connect();
    const f = "/ip/firewall/filter";
    await cmd(c, [`${f}/add`, "=chain=input", "=action=accept"]);
    expect(peer!.rows("ip/firewall/filter")).toHaveLength(1);
    const ft = attrs(
      (
        await cmd(c, [`${f}/add`, "=chain=forward", "=action=fasttrack-connection", "=connection-state=established"])
      )[0],
    ).ret;
    const rows = peer!.rows("ip/firewall/filter");
    expect(rows.map((r) => [r.action, r.dynamic])).toEqual([
      ["passthrough", "true"],
      ["accept", "false"],
      ["fasttrack-connection", "false"],
    ]);
    await cmd(c, [`${f}/remove`, `=.id=${ft}`]);
    expect(peer!.rows("ip/firewall/filter").map((r) => r.action)).toEqual(["accept"]);
  });

  it("takes the defconf matchers (ipsec-policy, connection-nat-state, hop-limit in /ipv6 only, hw-offload) and checks them", async () => {
    const c = await connect();
    const ok = async (words: string[]) => expect((await cmd(c, words))[0][0]).toBe("!done");
    await ok(["/ip/firewall/filter/add", "=chain=forward", "=ipsec-policy=in,ipsec"]);
    await ok(["/ip/firewall/filter/add", "=chain=forward", "=connection-nat-state=!dstnat", "=action=drop"]);
    await ok(["/ip/firewall/filter/add", "=chain=forward", "=action=fasttrack-connection", "=hw-offload=yes"]);
    await ok(["/ipv6/firewall/filter/add", "=chain=forward", "=protocol=icmpv6", "=hop-limit=equal:1"]);
    expect(peer!.rows("ip/firewall/filter").at(-1)).toMatchObject({ "hw-offload": "true" });
    const refused = async (words: string[], text: string) => expect(message((await cmd(c, words))[0])).toBe(text);
    await refused(
      ["/ip/firewall/filter/add", "=chain=forward", "=ipsec-policy=sideways"],
      TRAP.noMatch("ipsec-policy"),
    );
    await refused(
      ["/ip/firewall/filter/add", "=chain=forward", "=connection-nat-state=dnat"],
      TRAP.noMatch("connection-nat-state"),
    );
    await refused(
      ["/ip/firewall/filter/add", "=chain=forward", "=hop-limit=equal:1"],
      TRAP.unknownParameter("hop-limit"),
    );
  });

  it("address lists refuse duplicates and report creation-time", async () => {
    const c = await connect();
    await cmd(c, ["/ip/firewall/address-list/add", "=list=office", "=address=10.0.0.0/8"]);
    const r = await cmd(c, ["/ip/firewall/address-list/add", "=list=office", "=address=10.0.0.0/8"]);
    expect(message(r[0])).toMatch(/^failure: already have such/);
    expect(peer!.rows("ip/firewall/address-list")[0]).toHaveProperty("creation-time");
  });
});

describe("/ip/firewall/nat", () => {
  // A real router's NAT menu: dst-nat rows print like filter rows with to-addresses/to-ports after the matchers,
  // bad targets trap as any bad value, and to-ports needs a port-carrying protocol.
  it("adds and prints a port forward like a router; refuses a bad target and to-ports without tcp/udp", async () => {
    const c = await connect();
    await cmd(c, [
      "/ip/firewall/nat/add",
      "=chain=dstnat",
      "=action=dst-nat",
      "=protocol=tcp",
      "=dst-port=8080",
      "=in-interface=ether1",
      "=to-addresses=192.168.88.10",
      "=to-ports=80",
      "=comment=rampart:rweb00001 web",
    ]);
    const [row] = await cmd(c, ["/ip/firewall/nat/print"]);
    expect(row.slice(2).map((w) => w.slice(1, w.indexOf("=", 1)))).toEqual([
      ".id",
      "chain",
      "action",
      "protocol",
      "in-interface",
      "dst-port",
      "to-addresses",
      "to-ports",
      "log",
      "log-prefix",
      "bytes",
      "packets",
      "invalid",
      "dynamic",
      "disabled",
      "comment",
    ]);
    const bad = await cmd(c, ["/ip/firewall/nat/add", "=chain=dstnat", "=action=dst-nat", "=to-addresses=10.0.0.300"]);
    expect(message(bad[0])).toBe("input does not match any value of to-addresses");
    const noProto = await cmd(c, ["/ip/firewall/nat/add", "=chain=dstnat", "=action=dst-nat", "=to-ports=80"]);
    expect(message(noProto[0])).toBe(TRAP.portsNeedProtocol);
    expect(peer!.rows("ip/firewall/nat")).toHaveLength(1);
  });

  it("takes the RouterOS 7 defconf masquerade row (ipsec-policy, out-interface-list); refuses hw-offload", async () => {
    const c = await connect();
    const ok = await cmd(c, [
      "/ip/firewall/nat/add",
      "=chain=srcnat",
      "=action=masquerade",
      "=out-interface-list=WAN",
      "=ipsec-policy=out,none",
      "=comment=defconf: masquerade",
    ]);
    expect(ok[0][0]).toBe("!done");
    expect(peer!.rows("ip/firewall/nat")).toEqual([
      expect.objectContaining({ "out-interface-list": "WAN", "ipsec-policy": "out,none" }),
    ]);
    const bad = await cmd(c, ["/ip/firewall/nat/add", "=chain=srcnat", "=action=masquerade", "=hw-offload=yes"]);
    expect(message(bad[0])).toBe(TRAP.unknownParameter("hw-offload"));
  });

  it("takes what a real NAT menu has beyond the filter's: port, endpoint-independent-nat, same-not-by-dst", async () => {
    const c = await connect();
    for (const words of [
      ["=chain=dstnat", "=action=endpoint-independent-nat", "=protocol=udp", "=port=5060", "=randomise-ports=yes"],
      ["=chain=srcnat", "=action=same", "=to-addresses=198.51.100.1-198.51.100.9", "=same-not-by-dst=yes"],
    ])
      expect((await cmd(c, ["/ip/firewall/nat/add", ...words]))[0][0], words.join(" ")).toBe("!done");
    expect(peer!.rows("ip/firewall/nat").map((r) => r.action)).toEqual(["endpoint-independent-nat", "same"]);
    const bad = await cmd(c, ["/ip/firewall/nat/add", "=chain=srcnat", "=action=same", "=same-not-by-dst=maybe"]);
    expect(message(bad[0])).toMatch(/same-not-by-dst/);
  });
});

describe("system menus", () => {
  it.each([
    ["7.9.2 (stable)", /^[a-z]{3}\/\d{2}\/\d{4}$/],
    ["7.10 (stable)", /^\d{4}-\d{2}-\d{2}$/],
  ])("clock date format on %s", async (version, re) => {
    const c = await connect({ version });
    const [row] = await cmd(c, ["/system/clock/print"]);
    expect(attrs(row).date).toMatch(re);
    expect(attrs(row).time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
  });

  it("resource reports the version and the board", async () => {
    const c = await connect({ version: "6.49.19 (long-term)" });
    const [row] = await cmd(c, ["/system/resource/print"]);
    expect(attrs(row)).toMatchObject({ version: "6.49.19 (long-term)", "board-name": "CHR" });
    expect(attrs(row).uptime).toMatch(/^(\d+[wdhms])+$/);
  });
});

describe("faults", () => {
  it("silent: accepts, never answers", async () => {
    const c = await connect({ faults: { silent: true } }, false);
    c.send(["/login", "=name=admin", "=password=admin"]);
    await expect(c.next(300)).rejects.toThrow("no reply");
  });

  it.each(["fin", "rst"] as const)("%s at login closes without a reply", async (how) => {
    const c = await connect({ faults: { closeAtLogin: how } }, false);
    c.send(["/login", "=name=admin", "=password=admin"]);
    await c.closed;
  });

  it("drops after N sentences", async () => {
    const c = await connect({ faults: { dropAfterSentences: 2 } });
    c.send(["/ip/firewall/filter/add", "=chain=input", ".tag=1"]);
    c.send(["/ip/firewall/filter/add", "=chain=input", ".tag=2"]);
    expect((await c.next())[1]).toBe(".tag=1");
    await c.closed;
    expect(peer!.rows("ip/firewall/filter")).toHaveLength(1);
  });

  it("stalls after login and answers slowly when asked", async () => {
    const c = await connect({ faults: { replyDelayMs: 150 } });
    const t0 = Date.now();
    await cmd(c, ["/system/identity/print"]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    peer!.faults.stallAfterLogin = true;
    c.send(["/system/identity/print", ".tag=s"]);
    await expect(c.next(300)).rejects.toThrow("no reply");
  });

  it("!fatal after N commands, then close", async () => {
    const c = await connect({ faults: { fatalAfterCommands: 1 } });
    await cmd(c, ["/system/identity/print"]);
    expect((await c.next())[0]).toBe("!fatal");
    await c.closed;
  });

  it("split writes still form the same sentences", async () => {
    const c = await connect({ faults: { splitWrites: true } });
    expect(await cmd(c, ["/system/identity/print"])).toEqual([
      ["!re", ".tag=t", "=name=rampart-test-router"],
      ["!done", ".tag=t"],
    ]);
  });
});

describe("API-SSL", () => {
  it("serves the same protocol over TLS with a self-signed certificate", async () => {
    peer = await startRouterOsPeer({ tls: { mode: "cert" } });
    const c = await rawConnect(peer.tlsPort!, { tls: { ca: peer.certPem } });
    clients.push(c);
    await c.login();
    expect((c.socket as import("node:tls").TLSSocket).getPeerCertificate().fingerprint256).toBe(peer.fingerprint256);
  });

  it("ADH-only mode: anonymous DH works, certificate-expecting clients are refused", async () => {
    peer = await startRouterOsPeer({ tls: { mode: "adh" } });
    const c = await rawConnect(peer.tlsPort!, {
      tls: { ciphers: "ADH:@SECLEVEL=0", maxVersion: "TLSv1.2", rejectUnauthorized: false },
    });
    clients.push(c);
    await c.login();
    await expect(rawConnect(peer.tlsPort!, { tls: { rejectUnauthorized: false } })).rejects.toThrow();
  });
});
