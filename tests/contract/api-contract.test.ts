import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRouterOsPeer, type RouterOsPeer } from "../peers/routeros";
import { migrateDatabase, setupPushDatabase } from "../integration/push-fixture";
import { schemaErrors } from "./json-schema";
import { routerOsAdminTarget } from "../support/routeros-admin-target";
import { routerOsRouterInput } from "../support/routeros-router-row";
import { sshFromLanPacket, sshFromLanPacketQuery, sshFromLanRule, waitUntil } from "../support/api-samples";

/**
 * The API contract: every operation of the published OpenAPI document is called through its real route handler
 * (real SQLite file, real RouterOS peer for the router verbs), and every response body, success or error, is
 * checked against the schema the document gives for that status. A response that says more or less than the
 * document fails here.
 */

const dir = setupPushDatabase("contract");
const root = path.resolve(import.meta.dirname, "../..");

type Op = {
  id: string;
  method: string;
  path: string;
  role: string;
  successStatus?: number;
  responseMediaType?: string;
};
type Req = { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; auth?: string | null };

let ops: Op[];
let doc: {
  paths: Record<
    string,
    Record<
      string,
      { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
    >
  >;
  components: { schemas: Record<string, unknown> };
};
let peer: RouterOsPeer;
let adminToken = "";
let viewerToken = "";
let spareUser = "";
/** operationId → statuses whose bodies were checked against the document. */
const checked = new Map<string, Set<number>>();
const PEER_PASSWORD = "contract-peer-pw-1";

beforeAll(async () => {
  migrateDatabase();
  ops = (await import("@/lib/api/operations")).allOperations as Op[];
  doc = (await import("@/lib/api/openapi")).buildOpenApiDocument("test") as typeof doc;
  peer = await startRouterOsPeer({ users: { admin: PEER_PASSWORD } });
  const { db } = await import("@/lib/db/client");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const admin = await db.user.create({ data: { username: "alice", passwordHash: "x", role: "admin" } });
  spareUser = (await db.user.create({ data: { username: "spare", passwordHash: "x", role: "viewer" } })).id;
  adminToken = (await createApiToken({ name: "contract", role: "admin", expiresInDays: null, createdById: admin.id }))
    .token;
  viewerToken = (
    await createApiToken({ name: "contract-viewer", role: "viewer", expiresInDays: null, createdById: admin.id })
  ).token;
}, 120_000);

afterAll(async () => {
  await peer?.close();
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

function routeFile(p: string): string {
  return path.join(root, "app", p.replace(/\{(\w+)\}/g, "[$1]"), "route.ts");
}

/** Calls the operation's route handler as Next would and checks the body against the document; returns the body. */
async function call(id: string, req: Req, expected: number | number[]): Promise<{ status: number; body: unknown }> {
  const op = ops.find((o) => o.id === id);
  if (!op) throw new Error(`no operation ${id}`);
  const mod = (await import(/* @vite-ignore */ routeFile(op.path))) as Record<
    string,
    (r: Request, c: unknown) => Promise<Response>
  >;
  const filled = op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(req.params?.[k] ?? ""));
  const qs = new URLSearchParams(req.query ?? {}).toString();
  const auth = req.auth === undefined ? adminToken : req.auth;
  const headers: Record<string, string> = auth ? { authorization: `Bearer ${auth}` } : {};
  if (req.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`http://localhost${filled}${qs ? `?${qs}` : ""}`, {
    method: op.method,
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  const res = await mod[op.method](request, { params: Promise.resolve(req.params ?? {}) });
  const text = await res.text();
  const where = `${id} → ${res.status}: ${text.slice(0, 300)}`;
  expect([expected].flat(), where).toContain(res.status);

  const documented = doc.paths[op.path][op.method.toLowerCase()].responses;
  const success = res.status === (op.successStatus ?? 200);
  const entry = success ? documented[String(res.status)] : (documented[String(res.status)] ?? documented.default);
  expect(entry, `${where}: status not in the document`).toBeDefined();
  let body: unknown = null;
  if (!entry.content) {
    expect(text, `${where}: the document promises no body`).toBe("");
  } else {
    const [mediaType, { schema }] = Object.entries(entry.content)[0];
    expect(res.headers.get("content-type") ?? "", where).toContain(mediaType);
    body = mediaType === "application/json" ? JSON.parse(text) : text;
    const resolved = (schema as { $ref?: string }).$ref
      ? doc.components.schemas[(schema as { $ref: string }).$ref.split("/").pop()!]
      : schema;
    expect(schemaErrors(resolved, resolved as Record<string, unknown>, body), where).toEqual([]);
  }
  if (!checked.has(id)) checked.set(id, new Set());
  checked.get(id)!.add(res.status);
  return { status: res.status, body };
}

const RULE = sshFromLanRule("ether1");
const content = (comment = "office") => ({
  rules: [{ id: "rcontract1", ...RULE }],
  addressLists: [{ name: "office", entries: [{ address: "10.2.0.1", comment }] }],
});
const routerBody = (port: number, name: string, password = PEER_PASSWORD) => ({
  ...routerOsRouterInput(name, port, password),
  site: "lab",
  tags: ["t1"],
});
const PACKET = sshFromLanPacket("ether1");

describe("the API contract", () => {
  it("every documented operation answers with bodies that match the document, success and error alike", async () => {
    const id = (b: unknown) => (b as { id: string }).id;
    // System, tokens, users.
    await call("getAppHealth", { auth: null }, 200);
    await call("getMe", {}, 200);
    const token = await call("createToken", { body: { name: "c-token", role: "viewer", expiresInDays: 30 } }, 201);
    await call("listTokens", {}, 200);
    const tokenId = (token.body as { summary: { id: string } }).summary.id;
    await call("revokeToken", { params: { id: tokenId } }, 204);
    await call("revokeToken", { params: { id: tokenId } }, 404);
    await call("listUsers", {}, 200);
    await call("resetUserPassword", { params: { id: spareUser }, body: { newPassword: "contract-new-pw-1" } }, 200);
    await call("resetUserPassword", { params: { id: "nosuchuser" }, body: { newPassword: "contract-new-pw-1" } }, 404);
    // Success needs a browser session (the handler sets its cookie through Next's request scope): the refusals here.
    await call("changeMyPassword", { body: { currentPassword: "x", newPassword: "contract-new-pw-2" } }, 403);
    await call("changeMyPassword", { body: { currentPassword: "x" } }, 422);

    // Routers: one reachable peer, one dead port.
    const routerPeer = id((await call("createRouter", { body: routerBody(peer.port, "c-peer") }, 201)).body);
    await call("createRouter", { body: routerBody(peer.port, "c-peer") }, 409);
    await call("createRouter", { body: { ...routerBody(peer.port, "c-nopw"), password: "" } }, 422);
    const routerDead = id((await call("createRouter", { body: routerBody(1, "c-dead") }, 201)).body);
    await call("listRouters", {}, 200);
    await call("getRouter", { params: { id: routerPeer } }, 200);
    await call("getRouter", { params: { id: "nosuchrouter" } }, 404);
    await call("updateRouter", { params: { id: routerDead }, body: routerBody(1, "c-dead-2") }, 200);
    await call("updateRouter", { params: { id: routerDead }, body: routerBody(1, "c-peer") }, 409);
    await call("testRouterConnection", { params: { id: routerPeer } }, 200);
    await call("testRouterConnection", { params: { id: routerDead } }, 200);
    await call("testRouterConnection", { params: { id: routerPeer }, auth: viewerToken }, 403);
    await call("checkRouterNow", { params: { id: routerPeer } }, 200);
    await call("getFleetHealth", {}, 200);
    await call("getRouterHealth", { params: { id: routerPeer }, query: { range: "hour" } }, 200);
    await call("getRouterHealth", { params: { id: "nosuchrouter" } }, 404);

    // Rule sets.
    const ruleSet = id(
      (
        await call(
          "createRuleSet",
          { body: { source: "blank", name: "c-set", description: "", content: content() } },
          201,
        )
      ).body,
    );
    await call("createRuleSet", { body: { source: "blank", name: "c-set", description: "" } }, 422);
    await call(
      "createRuleSet",
      {
        body: {
          source: "template",
          name: "c-tpl",
          description: "",
          template: "block-incoming-except-trusted",
          params: { trusted: ["10.0.0.0/8"] },
        },
      },
      201,
    );
    const pushSet = id(
      (
        await call(
          "createRuleSet",
          { body: { source: "blank", name: "c-push", description: "", content: content() } },
          201,
        )
      ).body,
    );
    const spare = id(
      (await call("createRuleSet", { body: { source: "blank", name: "c-spare", description: "" } }, 201)).body,
    );
    await call(
      "saveRuleSet",
      {
        params: { id: ruleSet },
        body: { baseRevision: 1, name: "c-set", description: "two", content: content("two"), message: "save" },
      },
      200,
    );
    await call(
      "saveRuleSet",
      { params: { id: ruleSet }, body: { baseRevision: 1, name: "c-set", description: "stale", content: content() } },
      409,
    );
    await call("getRuleSet", { params: { id: ruleSet } }, 200);
    await call("getRuleSet", { params: { id: "nosuchset" } }, 404);
    await call("listRuleSets", {}, 200);
    await call("listRules", { params: { id: ruleSet } }, 200);
    await call("listAddressLists", { params: { id: ruleSet } }, 200);
    await call("listRevisions", { params: { id: ruleSet } }, 200);
    await call("getRevision", { params: { id: ruleSet, number: "1" } }, 200);
    await call("getRevision", { params: { id: ruleSet, number: "99" } }, 404);
    await call("diffRevisions", { params: { id: ruleSet }, query: { from: "1", to: "2" } }, 200);
    const file = (await call("exportRuleSet", { params: { id: ruleSet }, query: { revision: "1" } }, 200)).body as {
      ruleSet: { name: string };
    };
    await call(
      "createRuleSet",
      { body: { source: "import", file: { ...file, ruleSet: { ...file.ruleSet, name: "c-imported" } } } },
      201,
    );
    await call(
      "addRule",
      {
        params: { id: ruleSet },
        body: { baseRevision: 2, position: 0, rule: { ...RULE, comment: "added" }, message: "add" },
      },
      201,
    );
    await call(
      "putAddressList",
      {
        params: { id: ruleSet, name: "office" },
        body: { baseRevision: 3, entries: [{ address: "10.2.0.9", comment: "put" }], message: "put" },
      },
      200,
    );
    await call("revertRuleSet", { params: { id: ruleSet }, body: { to: 1, baseRevision: 4 } }, 201);
    await call("revertRuleSet", { params: { id: ruleSet }, body: { to: 1, baseRevision: 4 } }, 409);
    await call("listActivity", { query: { page: "1", pageSize: "10" } }, 200);
    await call("deleteRuleSet", { params: { id: spare } }, 204);
    await call("deleteRuleSet", { params: { id: spare } }, 404);

    // Settings.
    await call("getHealthPolling", {}, 200);
    await call("setHealthPolling", { body: { intervalSeconds: 60, timeoutSeconds: 5, concurrency: 8 } }, 200);
    await call(
      "setHealthPolling",
      { body: { intervalSeconds: 60, timeoutSeconds: 5, concurrency: 8 }, auth: viewerToken },
      403,
    );
    await call("getPushGuard", {}, 200);
    await call("setPushGuard", { body: { blockOnConflicts: true } }, 200);
    const retention = (await call("getPlanRetention", {}, 200)).body as Record<string, unknown>;
    await call("setPlanRetention", { body: retention }, 200);
    await call("setPlanRetention", { body: { ...retention, days: 0 } }, 422);

    // Alerts: a webhook channel to a real local receiver, a mute, the history.
    const { startWebhookReceiver } = await import("../peers/webhook");
    const hook = await startWebhookReceiver("contract-hook-secret");
    try {
      const channelBody = {
        kind: "webhook",
        name: "c-hook",
        events: ["router-down"],
        enabled: true,
        config: { url: hook.url },
        secret: "contract-hook-secret",
      };
      const channel = id((await call("createAlertChannel", { body: channelBody }, 201)).body);
      await call("createAlertChannel", { body: channelBody }, 409);
      await call("createAlertChannel", { body: { ...channelBody, name: "c-bad", config: { url: "ftp://x" } } }, 422);
      await call("listAlertChannels", {}, 200);
      await call("listAlertChannels", { auth: viewerToken }, 403);
      await call(
        "updateAlertChannel",
        { params: { id: channel }, body: { ...channelBody, secret: undefined, events: ["router-down", "router-up"] } },
        200,
      );
      await call("updateAlertChannel", { params: { id: "nosuchchannel" }, body: channelBody }, 404);
      const tested = (await call("testAlertChannel", { params: { id: channel } }, 200)).body as { ok: boolean };
      expect(tested.ok).toBe(true);
      expect(hook.received[0].signatureValid).toBe(true);
      await call("testAlertChannel", { params: { id: "nosuchchannel" } }, 404);
      const mute = id(
        (
          await call(
            "createAlertMute",
            {
              body: { routerId: routerPeer, until: new Date(Date.now() + 3600_000).toISOString(), reason: "contract" },
            },
            201,
          )
        ).body,
      );
      await call("createAlertMute", { body: { until: new Date(Date.now() + 3600_000).toISOString() } }, 422);
      const both = await call(
        "createAlertMute",
        { body: { routerId: routerPeer, site: "lab", until: new Date(Date.now() + 3600_000).toISOString() } },
        422,
      );
      expect((both.body as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual([
        "site",
      ]);
      await call("createAlertMute", { body: { site: "lab", until: new Date(Date.now() - 1000).toISOString() } }, 422);
      await call("listAlertMutes", {}, 200);
      await call("deleteAlertMute", { params: { id: mute } }, 204);
      await call("deleteAlertMute", { params: { id: mute } }, 404);
      await call("listAlertEvents", { query: { limit: "10" } }, 200);
      await call("listAlertEvents", { query: { type: "nonsense" } }, 422);
      await call("getAlertSettings", {}, 200);
      await call("setAlertSettings", { body: { throttleMinutes: 5 } }, 200);
      await call("setAlertSettings", { body: { throttleMinutes: -1 } }, 422);
      await call("deleteAlertChannel", { params: { id: channel } }, 204);
      await call("deleteAlertChannel", { params: { id: channel } }, 404);
    } finally {
      await hook.close();
    }

    // Assignments, previews, pushes.
    await call("assignRuleSet", { params: { id: routerPeer }, body: { ruleSetId: pushSet } }, 200);
    await call("assignRuleSet", { params: { id: routerPeer }, body: { ruleSetId: "nosuchset" } }, 404);
    await call("getRouterAssignment", { params: { id: routerPeer } }, 200);
    // Interface roles: proposals come from the router's own interface lists (the peer's LAN and WAN), set, read back.
    expect((await call("proposeRouterRoles", { params: { id: routerPeer } }, 200)).body).toEqual({
      proposals: [
        { role: "lan", target: { kind: "interface-list", name: "LAN" } },
        { role: "wan", target: { kind: "interface-list", name: "WAN" } },
      ],
    });
    await call("proposeRouterRoles", { params: { id: routerDead } }, 502);
    const lanList = { role: "lan", target: { kind: "interface-list", name: "LAN" } };
    await call("setRouterRoles", { params: { id: routerPeer }, body: { roles: [lanList] } }, 200);
    await call(
      "setRouterRoles",
      { params: { id: routerPeer }, body: { roles: [{ role: "lan", target: { kind: "zone", name: "lan" } }] } },
      422,
    );
    await call("setRouterRoles", { params: { id: "nosuchrouter" }, body: { roles: [] } }, 404);
    expect((await call("getRouterRoles", { params: { id: routerPeer } }, 200)).body).toEqual({ roles: [lanList] });
    await call("getRouterRoles", { params: { id: "nosuchrouter" } }, 404);
    await call("listRuleSetAssignments", { params: { id: pushSet } }, 200);
    const preview = await call("previewPush", { params: { id: pushSet }, body: { routerId: routerPeer } }, 201);
    await call("previewPush", { params: { id: pushSet }, body: { routerId: routerDead } }, 409);
    const planHash = (preview.body as { plan: { hash: string } }).plan.hash;
    await call("getPlan", { params: { hash: planHash } }, 200);
    await call("getPlan", { params: { hash: "0".repeat(64) } }, 404);
    await call("getPlanPage", { params: { hash: planHash, section: "changes" }, query: { limit: "2" } }, 200);
    await call("getPlanPage", { params: { hash: planHash, section: "changes" }, query: { limit: "501" } }, 422);
    await call("previewPush", { params: { id: pushSet }, body: { routerId: "nosuchrouter" } }, 404);
    const many = (
      await call(
        "previewPushMany",
        { params: { id: pushSet }, body: { routerIds: [routerPeer, routerDead, "nosuchrouter"] } },
        [200, 201],
      )
    ).body as { results: { error?: { code: string } }[] };
    expect(many.results.map((r) => r.error?.code ?? "preview")).toEqual(["preview", "conflict", "not_found"]);
    await call("previewPushMany", { params: { id: "nosuchset" }, body: { routerIds: [routerPeer] } }, 404);
    const pushed = (
      await call(
        "startPush",
        { params: { id: pushSet }, body: { routers: [routerPeer], previewIds: [id(preview.body)] } },
        202,
      )
    ).body as { batchId: string; deploymentIds: string[] };
    await call("startPush", { params: { id: "nosuchset" }, body: { routers: [routerPeer] } }, 404);
    await waitUntil("the push to finish", async () => {
      const d = (await call("getDeployment", { params: { id: pushed.deploymentIds[0] } }, 200)).body as {
        status: string;
      };
      return ["done", "failed", "rolled-back", "refused", "failed-unknown"].includes(d.status) ? d : null;
    });
    await call("getDeployment", { params: { id: "nosuchdeployment" } }, 404);
    await call("getPushBatch", { params: { id: pushed.batchId } }, 200);
    await call("listDeployments", { query: { routerId: routerPeer, limit: "10" } }, 200);
    // A finished push can be neither continued nor stopped: the refusal is the documented error.
    await call("continuePushBatch", { params: { id: pushed.batchId } }, 409);
    await call("stopPushBatch", { params: { id: pushed.batchId } }, 409);
    await call("stopPushBatch", { params: { id: "nosuchbatch" } }, 404);
    // A canary push to two routers waits after the first: continued once, stopped once.
    const second = await startRouterOsPeer({ users: { admin: PEER_PASSWORD } });
    try {
      const routerSecond = id((await call("createRouter", { body: routerBody(second.port, "c-second") }, 201)).body);
      await call("assignRuleSet", { params: { id: routerSecond }, body: { ruleSetId: pushSet } }, 200);
      for (const verb of ["continuePushBatch", "stopPushBatch"]) {
        const previewIds = [];
        for (const r of [routerPeer, routerSecond])
          previewIds.push(
            id((await call("previewPush", { params: { id: pushSet }, body: { routerId: r } }, 201)).body),
          );
        const batch = (
          await call(
            "startPush",
            { params: { id: pushSet }, body: { routers: [routerPeer, routerSecond], previewIds, canary: 1 } },
            202,
          )
        ).body as { batchId: string };
        await waitUntil(
          "the canary to finish",
          async () =>
            ((await call("getPushBatch", { params: { id: batch.batchId } }, 200)).body as { state: string }).state ===
              "canary-wait" || null,
        );
        await call(verb, { params: { id: batch.batchId } }, 200);
        await waitUntil(
          "the push to end",
          async () =>
            ["done", "stopped"].includes(
              ((await call("getPushBatch", { params: { id: batch.batchId } }, 200)).body as { state: string }).state,
            ) || null,
        );
      }
      await call("unassignRuleSet", { params: { id: routerSecond } }, 204);
    } finally {
      await second.close();
    }

    // Drift: someone removes Rampart's rule on the router by hand.
    await call("checkRouterDrift", { params: { id: routerPeer } }, 200);
    const { mikrotikDriver } = await import("@/lib/routers/mikrotik");
    const s = await mikrotikDriver.connect(routerOsAdminTarget(peer, PEER_PASSWORD));
    try {
      const row = peer.rows("ip/firewall/filter").find((r) => r.comment?.startsWith("rampart:rcontract1"))!;
      await s.apply([{ label: "by hand", wire: ["/ip/firewall/filter/set", `=.id=${row[".id"]}`, "=dst-port=2222"] }]);
    } finally {
      await s.close();
    }
    await call("checkRouterDrift", { params: { id: routerPeer } }, 200);
    await call("getRouterDrift", { params: { id: routerPeer } }, 200);
    await call("acknowledgeRouterDrift", { params: { id: routerPeer } }, 200);
    await call("acknowledgeRouterDrift", { params: { id: routerDead } }, [404, 409]);
    await call("adoptRouterDrift", { params: { id: routerPeer } }, 200);
    await call("adoptRouterDrift", { params: { id: routerDead } }, 409);
    await call(
      "importFromRouter",
      { params: { id: routerPeer }, body: { name: "c-from-router", takeOwnership: false } },
      201,
    );
    await call(
      "importFromRouter",
      { params: { id: routerPeer }, body: { name: "c-from-router", takeOwnership: false } },
      422,
    );
    const text = (await call("exportRuleSetText", { params: { id: ruleSet }, query: { vendor: "mikrotik" } }, 200))
      .body as string;
    await call("exportRuleSetText", { params: { id: "nosuchset" }, query: { vendor: "mikrotik" } }, 404);
    await call("importRuleSetText", { body: { vendor: "mikrotik", name: "c-text", text } }, 201);
    await call("importRuleSetText", { body: { vendor: "mikrotik", name: "c-text-2", text: "hello world" } }, 422);

    // Analysis.
    await call("analyzeRuleSet", { body: { ruleSetId: ruleSet, revision: 1 } }, 200);
    await call("analyzeRuleSet", { body: { content: content() } }, 200);
    await call("analyzeRuleSet", { body: { ruleSetId: ruleSet, revision: 99 } }, 404);
    await call("testPacket", { body: { packet: PACKET, ruleSetId: ruleSet, revision: 1 } }, 200);
    await call("testPacket", { body: { packet: PACKET, content: content() } }, 200);
    const q = sshFromLanPacketQuery("ether1");
    await call("testPacketOnRouter", { params: { id: routerPeer }, query: q }, 200);
    await call("testPacketOnRouter", { params: { id: routerDead }, query: q }, 502);

    // Live firewall and hits.
    await call("getRouterLiveFirewall", { params: { id: routerPeer } }, 200);
    await call("getRouterLiveFirewall", { params: { id: routerDead } }, 502);
    await call("getRouterLiveFirewall", { params: { id: routerPeer }, auth: viewerToken }, 403);
    await call("getRuleSetHits", { params: { id: pushSet } }, 200);
    await call("getRuleSetHits", { params: { id: "nosuchset" } }, 404);
    await call("refreshRuleSetHits", { params: { id: pushSet } }, 200);
    await call("refreshRuleSetHits", { params: { id: "nosuchset" } }, 404);
    await call("getHitSettings", {}, 200);
    await call("setHitSettings", { body: { unusedDays: 14 } }, 200);
    await call("setHitSettings", { body: { unusedDays: 0 } }, 422);
    await call("listAuditEvents", { query: { q: "router", page: "1" } }, 200);
    await call("listAuditEvents", { auth: viewerToken }, 403);
    const backup = (await call("downloadBackup", {}, 200)).body as string;
    expect(backup.startsWith("SQLite format 3")).toBe(true);
    await call("downloadBackup", { auth: viewerToken }, 403);

    // Teardown verbs last.
    await call("unassignRuleSet", { params: { id: routerPeer } }, 204);
    await call("getRouterAssignment", { params: { id: "nosuchrouter" } }, 404);
    await call("deleteRouter", { params: { id: routerDead } }, 204);
    await call("deleteRouter", { params: { id: routerDead } }, 404);

    // Without credentials every protected operation is a 401 in the error shape.
    for (const op of ops.filter((o) => o.role !== "public")) {
      const params = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], "x"]));
      await call(
        op.id,
        { params, auth: null, body: op.method === "GET" || op.method === "DELETE" ? undefined : {} },
        401,
      );
    }

    const successless = ops.filter((o) => !checked.get(o.id)?.has(o.successStatus ?? 200)).map((o) => o.id);
    expect(successless, "operations whose success response was never checked").toEqual(["changeMyPassword"]);
    const errorless = ops
      .filter((o) => (o.role === "public" ? false : ![...(checked.get(o.id) ?? [])].some((s) => s >= 400)))
      .map((o) => o.id);
    expect(errorless).toEqual([]);
  }, 600_000);
});
