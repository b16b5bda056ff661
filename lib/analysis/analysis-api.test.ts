import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { list, rule } from "@/tests/support/rule-fixtures";
import { migrate, tempDatabase } from "@/tests/support/temp-database";

/**
 * The analysis API through its route handlers (auth, validation, error shape), and the push guard as lib/push
 * applies it, on a real migrated SQLite file.
 */

const { dir, url } = tempDatabase();

let db: typeof import("@/lib/db/client").db;
let analyze: typeof import("@/app/api/v1/analysis/route").POST;
let packetTest: typeof import("@/app/api/v1/analysis/packet-test/route").POST;
let routerTest: typeof import("@/app/api/v1/routers/[id]/packet-test/route").GET;
let guard: typeof import("@/app/api/v1/settings/push-guard/route");
let push: typeof import("@/lib/push");
let adminToken = "";
let viewerToken = "";
let adminId = "";

const blockSsh = rule({
  id: "rblock001",
  action: "reject",
  protocol: "tcp",
  dstPorts: [{ from: 22, to: 22 }],
  comment: "no ssh",
});
const officeSsh = rule({
  id: "roffice01",
  protocol: "tcp",
  src: { kind: "list", list: "office", negate: false },
  dstPorts: [{ from: 22, to: 22 }],
  comment: "office ssh",
});
const web = rule({ id: "rweb00001", protocol: "tcp", dstPorts: [{ from: 443, to: 443 }], comment: "web" });
const web2 = rule({ id: "rweb00002", protocol: "tcp", dstPorts: [{ from: 443, to: 443 }] });
const dropRest = rule({ id: "rdrop0001", action: "drop", comment: "drop the rest" });
const office = list("office", ["198.51.100.0/24"]);
const conflicting = { rules: [blockSsh, officeSsh, web, dropRest], addressLists: [office] };

beforeAll(async () => {
  migrate(url);
  db = (await import("@/lib/db/client")).db;
  analyze = (await import("@/app/api/v1/analysis/route")).POST;
  packetTest = (await import("@/app/api/v1/analysis/packet-test/route")).POST;
  routerTest = (await import("@/app/api/v1/routers/[id]/packet-test/route")).GET;
  guard = await import("@/app/api/v1/settings/push-guard/route");
  push = await import("@/lib/push");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const admin = await db.user.create({ data: { username: "alice", passwordHash: "x", role: "admin" } });
  adminId = admin.id;
  adminToken = (await createApiToken({ name: "a", role: "admin", expiresInDays: null, createdById: admin.id })).token;
  viewerToken = (await createApiToken({ name: "v", role: "viewer", expiresInDays: null, createdById: admin.id })).token;
});

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown, token = adminToken) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });

async function newRuleSet(
  name: string,
  contents: { rules: typeof conflicting.rules; addressLists: typeof conflicting.addressLists }[],
) {
  const { createRuleSet, saveRuleSet, userEditor } = await import("@/lib/rulesets");
  const user = await db.user.findUniqueOrThrow({ where: { id: adminId } });
  const actor = userEditor(user);
  const r = await createRuleSet(actor, { name, description: "", content: contents[0] });
  if (!r.ok) throw new Error(r.message);
  for (const [i, c] of contents.slice(1).entries()) {
    const s = await saveRuleSet(actor, r.id, {
      baseRevision: i + 1,
      name,
      description: "",
      content: c,
      message: `rev ${i + 2}`,
    });
    if (!s.ok) throw new Error(JSON.stringify(s));
  }
  return r.id;
}

describe("POST /api/v1/analysis", () => {
  it("inline content: the shadowed rule is a conflict naming the earlier rule by position (viewer may ask)", async () => {
    const res = await analyze(call("POST", "/api/v1/analysis", { content: conflicting }, viewerToken));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      ruleSetId: null,
      revision: null,
      ruleCount: 4,
      counts: { errors: 1, warnings: 0, conflict: 1, rules: 1 },
    });
    expect(body.findings).toEqual([
      expect.objectContaining({
        ruleId: "roffice01",
        position: 2,
        severity: "error",
        kind: "shadowed-conflict",
        badge: "conflict",
        byRuleIds: ["rblock001"],
        byPositions: [1],
        message: "Rule #2 (office ssh) never matches: rule #1 (no ssh) already rejects every packet it would accept",
      }),
    ]);
  });

  it("a saved revision: head by default, or the revision asked for; redundant duplicates are warnings", async () => {
    const id = await newRuleSet("api-revisions", [conflicting, { rules: [web, web2, dropRest], addressLists: [] }]);
    const head = await (await analyze(call("POST", "/api/v1/analysis", { ruleSetId: id }))).json();
    expect(head).toMatchObject({
      ruleSetId: id,
      revision: 2,
      counts: { conflict: 0, redundant: 1, errors: 0, warnings: 1 },
    });
    expect(head.findings[0]).toMatchObject({ ruleId: "rweb00002", position: 2, badge: "redundant", byPositions: [1] });
    const first = await (await analyze(call("POST", "/api/v1/analysis", { ruleSetId: id, revision: 1 }))).json();
    expect(first).toMatchObject({ revision: 1, counts: { conflict: 1 } });
  });

  it("refuses bad sources with the shared error shape", async () => {
    const missing = await analyze(call("POST", "/api/v1/analysis", { ruleSetId: "nope" }));
    expect(missing.status).toBe(404);
    const both = await analyze(call("POST", "/api/v1/analysis", { ruleSetId: "x", content: conflicting }));
    expect(both.status).toBe(422);
    expect((await both.json()).error.issues).toEqual([
      { path: "ruleSetId", message: "send either ruleSetId (with an optional revision) or content" },
    ]);
    const invalid = await analyze(
      call("POST", "/api/v1/analysis", {
        content: { rules: [{ ...web, dstPorts: [{ from: 70000, to: 70000 }] }], addressLists: [] },
      }),
    );
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.issues[0].path).toMatch(/^content\.rules\.0\.dstPorts/);
    const anonymous = await analyze(
      new Request("http://localhost/api/v1/analysis", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(anonymous.status).toBe(401);
  });
});

describe("POST /api/v1/analysis/packet-test", () => {
  const packet = { chain: "input", src: "198.51.100.7", dst: "192.0.2.1", protocol: "tcp", dstPort: 443, state: "new" };

  it("names the deciding rule and why each earlier rule did not match", async () => {
    const res = await packetTest(call("POST", "/api/v1/analysis/packet-test", { content: conflicting, packet }));
    expect(res.status).toBe(200);
    const { result } = await res.json();
    expect(result).toMatchObject({
      verdict: "accept",
      chain: "input",
      decidedBy: { ruleId: "rweb00001", position: 3, matched: true, reasons: [] },
    });
    expect(result.trace.map((s: { position: number; reasons: string[] }) => [s.position, s.reasons])).toEqual([
      [1, ["destination port 443 not in 22"]],
      [2, ["destination port 443 not in 22"]],
      [3, []],
    ]);
    expect(result.trace[0].action).toBe("reject");
  });

  it("drop by the first rule; the default policy when nothing matches", async () => {
    const rejected = await (
      await packetTest(
        call("POST", "/api/v1/analysis/packet-test", { content: conflicting, packet: { ...packet, dstPort: 22 } }),
      )
    ).json();
    expect(rejected.result).toMatchObject({
      verdict: "reject",
      decidedBy: { position: 1, description: expect.stringContaining("reject tcp") },
    });
    const dropped = await (
      await packetTest(
        call("POST", "/api/v1/analysis/packet-test", { content: conflicting, packet: { ...packet, dstPort: 80 } }),
      )
    ).json();
    expect(dropped.result).toMatchObject({ verdict: "drop", decidedBy: { position: 4, comment: "drop the rest" } });
    const nothing = await (
      await packetTest(
        call("POST", "/api/v1/analysis/packet-test", {
          content: { rules: [web], addressLists: [] },
          packet: { ...packet, dstPort: 80 },
        }),
      )
    ).json();
    expect(nothing.result).toMatchObject({ verdict: "accept", decidedBy: null, defaultPolicy: "accept" });
  });

  it("puts packet messages at the packet's fields", async () => {
    const res = await packetTest(
      call("POST", "/api/v1/analysis/packet-test", {
        content: conflicting,
        packet: { ...packet, protocol: "icmp", dst: "2001:db8::1" },
      }),
    );
    expect(res.status).toBe(422);
    const paths = (await res.json()).error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["packet.dst", "packet.dstPort"]));
  });
});

describe("GET /api/v1/routers/{id}/packet-test", () => {
  it("404 for an unknown router, 422 at the query field, 502 with the reason when the router cannot be read, operator only", async () => {
    const q = "chain=input&src=198.51.100.7&dst=192.0.2.1&protocol=tcp&dstPort=22&state=new";
    expect(
      (await routerTest(call("GET", `/api/v1/routers/none/packet-test?${q}`), params({ id: "none" }))).status,
    ).toBe(404);
    const bad = await routerTest(
      call("GET", `/api/v1/routers/none/packet-test?${q.replace("dstPort=22", "dstPort=8o")}`),
      params({ id: "none" }),
    );
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.issues).toEqual([{ path: "dstPort", message: "port must be a number" }]);
    const owrt = await db.router.create({
      data: { name: "owrt", vendor: "openwrt", host: "127.0.0.1", port: 22, transport: "ssh", username: "root" },
    });
    const unread = await routerTest(
      call("GET", `/api/v1/routers/${owrt.id}/packet-test?${q}`),
      params({ id: owrt.id }),
    );
    expect(unread.status).toBe(502);
    expect((await unread.json()).error.message).toBe("the router has no stored credential");
    const viewer = await routerTest(
      call("GET", `/api/v1/routers/${owrt.id}/packet-test?${q}`, undefined, viewerToken),
      params({ id: owrt.id }),
    );
    expect(viewer.status).toBe(403);
  });
});

describe("push guard", () => {
  it("off by default; when an admin turns it on, previews and pushes of a revision with conflicts are refused, redundancy alone is not", async () => {
    expect(await (await guard.GET(call("GET", "/api/v1/settings/push-guard"))).json()).toEqual({
      blockOnConflicts: false,
    });
    expect(
      (await guard.PUT(call("PUT", "/api/v1/settings/push-guard", { blockOnConflicts: true }, viewerToken))).status,
    ).toBe(403);
    expect((await guard.PUT(call("PUT", "/api/v1/settings/push-guard", { blockOnConflicts: true }))).status).toBe(200);
    expect(await db.auditEvent.count({ where: { action: "settings.push-guard" } })).toBe(1);

    const id = await newRuleSet("guarded", [conflicting, { rules: [web, web2, dropRest], addressLists: [] }]);
    const router = await db.router.create({
      data: { name: "edge", vendor: "mikrotik", host: "127.0.0.1", port: 9, transport: "api", username: "admin" },
    });
    await db.routerAssignment.create({ data: { routerId: router.id, ruleSetId: id } });
    const actor = { type: "user" as const, id: adminId, label: "alice" };

    const preview = await push.previewPush(actor, router.id, id, 1);
    expect(preview.ok).toBe(false);
    if (!preview.ok)
      expect(preview.refusal.message).toBe(
        "Revision 1 has a conflict and pushes of rule sets with conflicts are blocked (Settings → Push): Rule #2 (office ssh) never matches: rule #1 (no ssh) already rejects every packet it would accept. Fix the rules or ask an admin to turn the setting off.",
      );
    const started = await push.startPush(
      { actor, userId: adminId, role: "admin" },
      id,
      push.pushRequestSchema.parse({ revision: 1 }),
    );
    expect(started).toMatchObject({
      ok: false,
      code: "conflict",
      message: expect.stringContaining("pushes of rule sets with conflicts are blocked"),
    });

    // Revision 2 only has a redundant rule: the guard lets it through (it fails later, at the unreachable router).
    const redundantOnly = await push.previewPush(actor, router.id, id, 2);
    expect(redundantOnly.ok ? "" : redundantOnly.refusal.message).not.toContain("blocked");

    await guard.PUT(call("PUT", "/api/v1/settings/push-guard", { blockOnConflicts: false }));
    const off = await push.startPush(
      { actor, userId: adminId, role: "admin" },
      id,
      push.pushRequestSchema.parse({ revision: 1 }),
    );
    expect(off.ok ? "" : off.message).not.toContain("blocked");
  });
});
