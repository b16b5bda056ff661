import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, tempDatabase } from "@/tests/support/temp-database";

/**
 * Input that used to end in a 500 through the real route handlers on a real SQLite file: the attacker's raw
 * request bodies and headers, each answered with the API error shape.
 */

const { dir, url } = tempDatabase();

let db: typeof import("@/lib/db/client").db;
let ruleSets: typeof import("@/app/api/v1/rule-sets/route");
let tokens: typeof import("@/app/api/v1/tokens/route");
let analysis: typeof import("@/app/api/v1/analysis/route");
let me: typeof import("@/app/api/v1/me/route");
let viewerToken = "";
let adminToken = "";

beforeAll(async () => {
  migrate(url);
  db = (await import("@/lib/db/client")).db;
  ruleSets = await import("@/app/api/v1/rule-sets/route");
  tokens = await import("@/app/api/v1/tokens/route");
  analysis = await import("@/app/api/v1/analysis/route");
  me = await import("@/app/api/v1/me/route");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const admin = await db.user.create({ data: { username: "alice", passwordHash: "x", role: "admin" } });
  adminToken = (await createApiToken({ name: "a", role: "admin", expiresInDays: null, createdById: admin.id })).token;
  viewerToken = (await createApiToken({ name: "v", role: "viewer", expiresInDays: null, createdById: admin.id })).token;
});

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const raw = (path: string, body: BodyInit, token = adminToken, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
const noParams = { params: Promise.resolve({}) };

describe("a lone surrogate in the JSON body", () => {
  it("is a 422 at the field it was sent in, and nothing is written", async () => {
    const cases: [string, (r: Request, c: typeof noParams) => Promise<Response>, string, string][] = [
      ["/api/v1/rule-sets", ruleSets.POST, '{"source":"blank","name":"a\\ud800b","description":""}', "name"],
      ["/api/v1/rule-sets", ruleSets.POST, '{"source":"blank","name":"ok","description":"x\\udc00"}', "description"],
      [
        "/api/v1/rule-sets",
        ruleSets.POST,
        '{"source":"blank","name":"ok","description":"","content":{"rules":[],"addressLists":[{"name":"office","entries":[{"address":"10.0.0.1","comment":"\\ud83d"}]}]}}',
        "content.addressLists.0.entries.0.comment",
      ],
      ["/api/v1/tokens", tokens.POST, '{"name":"t\\ud800","role":"viewer"}', "name"],
    ];
    for (const [path, handler, body, field] of cases) {
      const res = await handler(raw(path, body), noParams);
      expect(res.status, body).toBe(422);
      const json = await res.json();
      expect(json.error.code).toBe("validation_failed");
      expect(json.error.issues, body).toEqual([
        { path: field, message: expect.stringContaining("unpaired UTF-16 surrogate") },
      ]);
    }
    expect(await db.ruleSet.count()).toBe(0);
    expect(await db.apiToken.count()).toBe(2);
  });

  it("is refused for a viewer's analysis request too (it used to reach the database as a rule set id)", async () => {
    const res = await analysis.POST(raw("/api/v1/analysis", '{"ruleSetId":"\\ud800"}', viewerToken), noParams);
    expect(res.status).toBe(422);
    expect((await res.json()).error.issues[0].path).toBe("ruleSetId");
  });

  it("a well-formed pair (an emoji) is still text and is stored", async () => {
    const res = await ruleSets.POST(
      raw("/api/v1/rule-sets", '{"source":"blank","name":"fire \\ud83d\\udd25","description":""}'),
      noParams,
    );
    expect(res.status).toBe(201);
    expect((await db.ruleSet.findFirstOrThrow()).name).toBe("fire 🔥");
  });
});

describe("the API body size limit", () => {
  const big = JSON.stringify({ source: "blank", name: "big", description: "x".repeat(5 * 1024 * 1024) });

  it("a declared length over 5 MB is a 413 naming the limit", async () => {
    const res = await ruleSets.POST(
      raw("/api/v1/rule-sets", big, adminToken, { "content-length": String(Buffer.byteLength(big)) }),
      noParams,
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "payload_too_large", message: "The request body is larger than the API's limit of 5 MB." },
    });
  });

  it("a streamed body without a length is cut off at the limit with the same 413", async () => {
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 64) c.enqueue(chunk);
        else c.close();
      },
    });
    const res = await ruleSets.POST(raw("/api/v1/rule-sets", stream), noParams);
    expect(res.status).toBe(413);
    // It stopped reading a little past the limit rather than taking all 64 MB.
    expect(sent).toBeLessThan(12);
  });
});

describe("a malformed percent-escape in the session cookie", () => {
  it("counts as no session: 401 in the error shape, not a URIError", async () => {
    const res = await me.GET(
      new Request("http://localhost/api/v1/me", { headers: { cookie: "rampart_session=%E0%A4%A" } }),
      noParams,
    );
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });
});
