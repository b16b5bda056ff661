import { describe, expect, it } from "vitest";
import type { MenuContext } from "./menu-table";
import { runTableCommand } from "./menu-table";
import { newPeerState } from "./peer-state";
import { ScriptRunner } from "./script-runner";
import { seedFasttrack, seedForeign } from "./seed";

function setup() {
  const state = newPeerState("7.18.2 (stable)", "r", { admin: "admin" });
  seedFasttrack(state);
  seedForeign(state);
  const ctx: MenuContext = { state, changed: () => {} };
  const filter = () => state.menus.get("ip/firewall/filter")!;
  const add = (props: Record<string, string>) => runTableCommand(ctx, "ip/firewall/filter", "add", props).ret!;
  return { state, ctx, runner: new ScriptRunner(ctx), filter, add };
}

describe("script subset", () => {
  it("export-style context lines, relative verbs, set/disable/enable on [find], bare boolean conditions", () => {
    const { runner, filter, add } = setup();
    add({ chain: "input", comment: "rampart:ra00001" });
    add({ chain: "input", comment: "rampart:ra00002", disabled: "yes" });
    const err = runner.run(
      `/ip firewall filter
set [find where comment~"^rampart:" and !disabled] action=drop log=yes
enable [find comment="rampart:ra00002"]
disable [find dynamic]`,
      "t",
    );
    // `disable [find dynamic]` hits the built-in dummy rule and stops the script, as a router would.
    expect(err).toMatch(/^failure: cannot disable builtin$/);
    const rows = filter().filter((r) => r.comment?.startsWith("rampart:"));
    expect(rows.map((r) => [r.action, r.log, r.disabled])).toEqual([
      ["drop", "true", "false"],
      ["accept", "false", "false"],
    ]);
  });

  it(":local variables, :foreach over [find], move with destination, unset, $var inside strings", () => {
    const { runner, filter, add } = setup();
    const a = add({ chain: "input", comment: "rampart:rb00001", "log-prefix": "x" });
    add({ chain: "input", comment: "rampart:rb00002" });
    const err = runner.run(
      `:local tag "rampart:"
:local first [/ip firewall filter find comment="defconf: accept ICMP"]
:foreach r in=[/ip firewall filter find comment~$tag] do={ /ip firewall filter move $r destination=$first }
/ip firewall filter unset ${a} log-prefix
/ip firewall filter add chain=output comment="$tag\\72c00003 made by $tag"`,
      "t",
    );
    expect(err).toBeNull();
    const comments = filter().map((r) => r.comment);
    const icmp = comments.indexOf("defconf: accept ICMP");
    expect(comments.slice(icmp - 2, icmp)).toEqual(["rampart:rb00001", "rampart:rb00002"]);
    expect(filter().find((r) => r[".id"] === a)!["log-prefix"]).toBe("");
    expect(comments).toContain("rampart:rc00003 made by rampart:");
  });

  it(":do on-error recovers; syntax errors and unsupported commands are reported, not thrown", () => {
    const { runner, state } = setup();
    expect(
      runner.run(`:do { /ip firewall filter remove *FFFF } on-error={ :log warning "gone" }\n:put done`, "t"),
    ).toBeNull();
    expect(state.log.map((l) => l.message)).toEqual(expect.arrayContaining(["gone", "done"]));
    expect(runner.run(`/ip firewall filter add chain=input comment="open`, "t")).toMatch(/unterminated/);
    expect(runner.run(`:if (true) do={ :put x }`, "t")).toMatch(/unsupported script command :if/);
    expect(runner.run(`/ip firewall filter frobnicate`, "t")).toMatch(/bad command name/);
  });

  it("remove of an empty [find] is a no-op; place-before takes the first id", () => {
    const { runner, filter } = setup();
    expect(runner.run(`/ip firewall filter remove [find comment~"nothing-like-this"]`, "t")).toBeNull();
    const before = filter().length;
    expect(
      runner.run(
        `/ip firewall filter add chain=input comment=top place-before=[find comment~"defconf: (accept|drop)"]`,
        "t",
      ),
    ).toBeNull();
    expect(filter().length).toBe(before + 1);
    const comments = filter().map((r) => r.comment);
    expect(comments.indexOf("top")).toBe(comments.findIndex((c) => /defconf: (accept|drop)/.test(c ?? "")) - 1);
  });
});
