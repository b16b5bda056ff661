/**
 * Router-side cousins of injection: RouterOS API word injection and OpenWrt shell / UCI quoting breakouts.
 * Every payload either reaches the router exactly as typed (asserted by reading the peer's own tables or the
 * stand-in's `uci get`, never Rampart's database) or is refused with a clear validation error before anything
 * is sent. Nothing is ever interpreted by a shell on the router.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DriverError, type DriverSession, type RouterTarget, type VendorOp } from "@/lib/routers/driver";
import { getDriver } from "@/lib/routers/registry";
import { uciSetLine, UciValueError } from "@/lib/routers/openwrt";
import { ruleSetContentSchema, type Rule, type RuleSetContent } from "@/lib/rules/schema";
import { routerInputSchema } from "@/lib/inventory/router-schema";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { startOpenWrtPeer, type OpenWrtPeer } from "../peers/openwrt/start-openwrt-peer";
import { CONTROL_PAYLOADS, PWNED_FILES, ROUTER_PAYLOADS, UNICODE_PAYLOADS, WEB_PAYLOADS } from "./payloads";
import { targetOf } from "@/tests/support/openwrt-driver-kit";
import { rule } from "@/tests/support/rule-fixtures";

/** Comments that the rule model accepts (single line, windows-1252, ≤ 255): they must arrive byte for byte. */
const ACCEPTED_TEXT = [
  ...WEB_PAYLOADS,
  ...ROUTER_PAYLOADS,
  UNICODE_PAYLOADS.find((p) => p.cls === "cp1252")!,
  { cls: "long-0x80", value: "L".repeat(0x80 + 7) },
].map((p) => p.value);

/** An ipv4 ssh accept rule on input: the rule each payload rides in (a comment, a log prefix). */
function sshRule(id: string, patch: Partial<Rule>): Rule {
  return rule({ id, family: "ipv4", protocol: "tcp", dstPorts: [{ from: 22, to: 22 }], ...patch });
}

const ruleId = (i: number) => `rsec${String(i).padStart(4, "0")}`;

/** A log prefix is at most 32 characters: payloads are cut to that length (still carrying their metacharacters). */
const prefixOf = (s: string) => [...s].slice(0, 32).join("");

function pwned(): string[] {
  return PWNED_FILES.filter((f) => fs.existsSync(f));
}

beforeAll(() => {
  for (const f of PWNED_FILES) fs.rmSync(f, { force: true });
});

describe("rule model refuses what cannot reach a router literally", () => {
  const base = { rules: [sshRule(ruleId(0), {})], addressLists: [] } as RuleSetContent;

  it.each(CONTROL_PAYLOADS.map((p) => [p.cls, p.value]))(
    "comment with %s is refused at rules.0.comment",
    (_cls, value) => {
      const r = ruleSetContentSchema.safeParse({ ...base, rules: [{ ...base.rules[0], comment: value }] });
      expect(r.success).toBe(false);
      const issue = r.error!.issues.find((i) => i.path.join(".") === "rules.0.comment");
      expect(issue?.message).toMatch(/^comment contains a control character \((newline|carriage return|NUL|tab)\)$/);
    },
  );

  it.each([
    ["rtl", "a\u200Fb"],
    ["emoji", "🔥"],
    ["non-cp1252", "日本"],
  ])("comment with %s is refused: routers cannot store it", (_c, value) => {
    const r = ruleSetContentSchema.safeParse({ ...base, rules: [{ ...base.rules[0], comment: value }] });
    expect(r.error?.issues.find((i) => i.path.join(".") === "rules.0.comment")?.message).toMatch(
      /^comment contains '.+', which routers cannot store$/,
    );
  });

  it("an over-long comment and log prefix are refused with their limits", () => {
    const r = ruleSetContentSchema.safeParse({
      ...base,
      rules: [{ ...base.rules[0], comment: "x".repeat(256), log: true, logPrefix: "p".repeat(33) }],
    });
    const msgs = Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(msgs["rules.0.comment"]).toBe("comment must be at most 255 characters");
    expect(msgs["rules.0.logPrefix"]).toBe("log prefix must be at most 32 characters");
  });

  it.each(["a=b", "x;reboot", "a'b", "a b", "$(x)", "`x`", "a|b", "a\nb", "ünï", "-x"])(
    "address list name %j is refused (names are identifiers)",
    (name) => {
      const r = ruleSetContentSchema.safeParse({ rules: [], addressLists: [{ name, entries: [] }] });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path.join(".")).toBe("addressLists.0.name");
      expect(r.error!.issues[0].message).toMatch(/list name must start with a letter/);
    },
  );

  it.each(["eth0;reboot", "$(id)", "a'b", "a b", "=x"])("interface name %j is refused", (name) => {
    const r = ruleSetContentSchema.safeParse({ ...base, rules: [{ ...base.rules[0], inInterface: name }] });
    expect(r.error?.issues.find((i) => i.path.join(".") === "rules.0.inInterface")?.message).toBe(
      "interface name may use only letters, digits and . _ @ + -",
    );
  });

  it("router name, username and site refuse control characters; the password keeps every byte but NUL", () => {
    const input = {
      name: "r",
      vendor: "mikrotik",
      host: "127.0.0.1",
      port: 8728,
      transport: "api",
      username: "admin",
      password: "a\nb\tc'$(x)",
    };
    expect(routerInputSchema.parse(input).password).toBe("a\nb\tc'$(x)");
    expect(routerInputSchema.safeParse({ ...input, password: "a\u0000b" }).error?.issues).toMatchObject([
      { path: ["password"], message: "password contains a control character (NUL)" },
    ]);
    for (const field of ["name", "username", "site"]) {
      const r = routerInputSchema.safeParse({ ...input, [field]: "a\nb" });
      expect(r.error?.issues.find((i) => i.path.join(".") === field)?.message).toBe(
        `${field} contains a control character (newline)`,
      );
    }
    const host = routerInputSchema.safeParse({ ...input, host: "127.0.0.1;reboot" });
    expect(host.error?.issues[0]).toMatchObject({ path: ["host"] });
  });
});

describe("RouterOS: payloads reach the API peer byte for byte through compile, plan and apply", () => {
  // Username and password full of API and shell metacharacters, a NUL and a newline: the login must still work.
  const USER = "ad'm=in;$(id)";
  const PASSWORD = "p'\\''w=\"$(reboot)`id`;|\n\u0000é" + "x".repeat(140);
  let peer: RouterOsPeer;
  let target: RouterTarget;
  let session: DriverSession;

  beforeAll(async () => {
    peer = await startRouterOsPeer({ users: { [USER]: PASSWORD } });
    target = {
      vendor: "mikrotik",
      transport: "api",
      host: peer.host,
      port: peer.port,
      username: USER,
      password: PASSWORD,
      connectTimeoutMs: 3000,
      commandTimeoutMs: 3000,
    };
    session = await getDriver("mikrotik").connect(target);
  });
  afterAll(async () => {
    await session?.close().catch(() => {});
    await peer?.close();
  });

  it("logs in with a username and password made of metacharacters (so they went over the wire literally)", async () => {
    expect((await session.identify()).version).toMatch(/^7\./);
  });

  it("a wrong password with metacharacters is an auth failure whose message does not echo it", async () => {
    const wrong = "wr'ong=$(x)\n" + PASSWORD.slice(0, 10);
    const err = await getDriver("mikrotik")
      .connect({ ...target, password: wrong })
      .then(
        (s) => s.close().then(() => null),
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(DriverError);
    expect((err as DriverError).kind).toBe("auth");
    expect((err as DriverError).message).not.toContain("wr'ong");
  });

  it("comments, log prefixes and address-list comments arrive exactly as typed; verify reads back in sync", async () => {
    const planner = getDriver("mikrotik").planner!;
    const content = ruleSetContentSchema.parse({
      rules: ACCEPTED_TEXT.map((text, i) =>
        sshRule(ruleId(i), { comment: text, log: true, logPrefix: prefixOf(text) }),
      ),
      addressLists: [
        {
          name: "office",
          entries: ACCEPTED_TEXT.slice(0, 12).map((text, i) => ({ address: `10.9.0.${i + 1}`, comment: text })),
        },
      ],
    });
    const compiled = planner.compile(content);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const plan = planner.plan(await session.readFirewall(), compiled.desired);
    await session.apply(plan.ops);

    const filters = peer.rows("ip/firewall/filter");
    ACCEPTED_TEXT.forEach((text, i) => {
      const row = filters.find((r) => (r.comment ?? "").startsWith(`rampart:${ruleId(i)}`));
      expect(row?.comment, text).toBe(`rampart:${ruleId(i)} ${text}`);
      expect(row?.["log-prefix"], text).toBe(prefixOf(text));
      // A comment like "=action=accept" or "x =disabled=yes" must not have become a property of its own.
      expect(row?.action).toBe("accept");
      expect(row?.disabled ?? "false").toBe("false");
      expect(row?.chain).toBe("input");
    });
    const entries = peer.rows("ip/firewall/address-list").filter((r) => r.list === "office");
    ACCEPTED_TEXT.slice(0, 12).forEach((text, i) => {
      expect(entries.find((e) => e.address === `10.9.0.${i + 1}`)?.comment).toBe(`rampart:list:office ${text}`);
    });
    // Nothing unexpected was created: exactly one row per rule and one per entry.
    expect(filters.filter((r) => (r.comment ?? "").startsWith("rampart:")).length).toBe(ACCEPTED_TEXT.length);
    expect(planner.compare(await session.readFirewall(), compiled.desired)).toEqual([]);
  });

  it("at the driver level, words with '=', newline, NUL and lengths past 0x7F and 0x3FFF bytes stay one word", async () => {
    const words: [string, string][] = [
      ["eq", "a=b=c =action=drop"],
      ["newline", "first\n=action=drop\n/system/reboot"],
      ["nul", "before\u0000=action=drop"],
      ["0x80", "é".repeat(0x80)], // cp1252: one byte each, 128 bytes: the two-byte length form
      ["0x4000", "Z".repeat(0x4000 + 3)], // the three-byte length form
    ];
    const ops: VendorOp[] = words.map(([name, text]) => ({
      label: `add ${name}`,
      wire: ["/ip/firewall/filter/add", "=chain=forward", "=action=accept", `=comment=wire-${name} ${text}`],
    }));
    await session.apply(ops);
    const rows = peer.rows("ip/firewall/filter");
    for (const [name, text] of words) {
      const row = rows.find((r) => (r.comment ?? "").startsWith(`wire-${name} `));
      expect(row?.comment?.length, name).toBe(`wire-${name} ${text}`.length);
      expect(row?.comment === `wire-${name} ${text}`, name).toBe(true);
      expect(row?.action).toBe("accept");
    }
  });

  it("a character RouterOS cannot store is refused before any word is sent", async () => {
    const before = peer.rows("ip/firewall/filter").length;
    const err = await session
      .apply([
        { label: "fine", wire: ["/ip/firewall/filter/add", "=chain=forward", "=action=accept", "=comment=fine"] },
        { label: "emoji", wire: ["/ip/firewall/filter/add", "=chain=forward", "=action=accept", "=comment=🔥"] },
      ])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect((err as DriverError).message).toMatch(/windows-1252/);
    expect(peer.rows("ip/firewall/filter").length).toBe(before);
  });
});

describe("OpenWrt: values reach uci literally over SSH; no shell ever sees them", () => {
  let peer: OpenWrtPeer;
  let target: RouterTarget;
  let session: DriverSession;

  beforeAll(async () => {
    peer = await startOpenWrtPeer({ seed: "minimal" });
    target = targetOf(peer);
    session = await getDriver("openwrt").connect(target);
  }, 60_000);
  afterAll(async () => {
    await session?.close().catch(() => {});
    await peer?.close();
  });

  const VALUES = [...ROUTER_PAYLOADS, ...WEB_PAYLOADS]
    .map((p) => p.value)
    .concat(["'", "'\\''", "''", "\\", "#not a comment", "a=b", "${HOME}", "*?[a]"]);

  it("rule names full of quotes and shell metacharacters are stored byte for byte (uci get and the parsed config)", async () => {
    const ops: VendorOp[] = VALUES.map((value, i) => {
      const s = `rampart_sec${i}`;
      return {
        label: `add ${s}`,
        wire: [
          uciSetLine(s, null, "rule"),
          uciSetLine(s, "name", value),
          uciSetLine(s, "src", "wan"),
          uciSetLine(s, "proto", "tcp"),
          uciSetLine(s, "dest_port", "22"),
          uciSetLine(s, "target", "ACCEPT"),
          // Disabled, so fw4 renders no nft comment from the name: a `"` there would fail the load (as on a real
          // router); this test is about the values' way through SSH and uci.
          uciSetLine(s, "enabled", "0"),
        ],
      };
    });
    await session.apply(ops);
    const state = peer.readState();
    VALUES.forEach((value, i) => {
      const got = peer.uci(["get", `firewall.rampart_sec${i}.name`]);
      expect(got.rc, value).toBe(0);
      expect(got.stdout, value).toBe(`${value}\n`);
      expect(state.sections.find((s) => s.name === `rampart_sec${i}`)?.options.name, value).toBe(value);
      expect(state.sections.find((s) => s.name === `rampart_sec${i}`)?.options.target).toBe("ACCEPT");
    });
    // A breakout would have created sections or committed something else: exactly ours exist.
    expect(
      state.sections
        .filter((s) => s.type === "rule")
        .map((s) => s.name)
        .sort(),
    ).toEqual(VALUES.map((_, i) => `rampart_sec${i}`).sort());
    expect(pwned()).toEqual([]);
    // One `uci get` process per value (about 70) on top of the apply: 60 s at load 9 on 2 cores.
  }, 120_000);

  it("through the planner: rule comments made of quotes and shell metacharacters become uci names byte for byte", async () => {
    const planner = getDriver("openwrt").planner!;
    // OpenWrt comments become nft comments: printable ASCII, at most 120 characters with each \ counted twice, no "
    // (docs/rulings.md §4, docs/openwrt-push-truth.md); kernel comments are compared too: a \ must match doubled.
    const ascii = VALUES.filter(
      (v) => /^[\x20-\x7e]{1,120}$/.test(v) && !v.includes('"') && v.length + (v.match(/\\/g)?.length ?? 0) <= 120,
    );
    expect(ascii.length).toBeGreaterThan(15);
    const content = ruleSetContentSchema.parse({
      rules: ascii.map((text, i) => sshRule(ruleId(i), { comment: text })),
      addressLists: [],
    });
    const compiled = planner.compile(content);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
    const s = await getDriver("openwrt").connect(target);
    try {
      const plan = planner.plan(await s.readFirewall(), compiled.desired);
      await s.apply(plan.ops);
      // Read back by the driver's own parser: a value ending in a backslash once hid every later section.
      expect(planner.compare(await s.readFirewall(), compiled.desired)).toEqual([]);
    } finally {
      await s.close();
    }
    const state = peer.readState();
    ascii.forEach((text, i) => {
      const section = state.sections.find((x) => x.type === "rule" && x.name?.startsWith(`rampart_${ruleId(i)}`));
      expect(section?.options.name, text).toBe(text);
      expect(peer.uci(["get", `firewall.${section!.name}.name`]).stdout, text).toBe(`${text}\n`);
    });
    expect(pwned()).toEqual([]);
  }, 60_000);

  it("through the planner: a comment OpenWrt cannot carry is a compile issue naming the rule and field", () => {
    const planner = getDriver("openwrt").planner!;
    for (const comment of ["café", "x".repeat(121), "<b>\u00a0</b>", 'say "hi"', "\\".repeat(61)]) {
      const r = planner.compile(
        ruleSetContentSchema.parse({ rules: [sshRule(ruleId(0), { comment })], addressLists: [] }),
      );
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issues[0]).toMatchObject({ ruleId: ruleId(0), ruleIndex: 0, field: "comment" });
    }
  });

  it.each(CONTROL_PAYLOADS.map((p) => [p.cls, p.value]))(
    "a value with %s is refused by the quoting function before anything is sent",
    (_cls, value) => {
      expect(() => uciSetLine("rampart_x", "name", value)).toThrow(UciValueError);
    },
  );

  it("a hand-made wire line with a newline (a second uci command) is refused by apply; nothing is written", async () => {
    const before = peer.readConfig();
    const err = await session
      .apply([{ label: "smuggle", wire: ["set firewall.rampart_y=rule\ncommit firewall"] }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriverError);
    expect((err as DriverError).message).toMatch(/single line/);
    expect(peer.readConfig()).toBe(before);
  });

  it("section and option names are never quoted, so anything but an identifier is refused", () => {
    for (const bad of ["x;reboot", "x y", "x'", "x.y", "$(id)", "a=b"]) {
      expect(() => uciSetLine(bad, "name", "v")).toThrow(UciValueError);
      expect(() => uciSetLine("rampart_ok", bad, "v")).toThrow(UciValueError);
    }
  });

  it("an SSH username or password made of shell metacharacters is only an auth failure, never a command", async () => {
    for (const [username, password] of [
      [`${peer.username};touch /tmp/rampart-pwned-seq`, peer.password],
      [peer.username, "$(touch /tmp/rampart-pwned-subst)'\\''`touch /tmp/rampart-pwned-tick`"],
    ]) {
      const err = await getDriver("openwrt")
        .connect({ ...target, username, password })
        .then(
          (s) => s.close().then(() => null),
          (e: unknown) => e,
        );
      expect(err).toBeInstanceOf(DriverError);
      expect((err as DriverError).kind).toBe("auth");
      expect((err as DriverError).message).not.toContain("touch");
    }
    expect(pwned()).toEqual([]);
  }, 30_000);
});

describe("OpenWrt export parser: a crafted value cannot hide the sections after it", () => {
  it.each(["\\", "a'\\''b", "x\\'", "'\\''\\", "c:\\"])("value %j ends its own line", async (value) => {
    const { parseUciExport } = await import("@/lib/routers/openwrt/uci-export-parse");
    const quoted = `'${value.replace(/'/g, "'\\''")}'`;
    const text = `package firewall\n\nconfig rule 'rampart_a'\n\toption name ${quoted}\n\toption target 'ACCEPT'\n\nconfig rule 'foreign_b'\n\toption name 'keep me'\n\toption target 'DROP'\n`;
    const sections = parseUciExport(text);
    expect(sections.map((s) => s.name)).toEqual(["rampart_a", "foreign_b"]);
    expect(sections[0].options.get("name")).toBe(value);
    expect(sections[1].options.get("target")).toBe("DROP");
  });
});
