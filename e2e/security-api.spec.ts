import net from "node:net";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { DEFAULT_INTERFACES, startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import {
  holdsLiterally,
  fillPath,
  operationFields,
  pointerText,
  queryString,
  rawUrlText,
  withValue,
  type ExampleRequest,
  type Field,
  type OpenApiOperation,
} from "../tests/security/openapi-walk";
import {
  BAD_ESCAPE_PAYLOADS,
  CONTROL_PAYLOADS,
  LONE_SURROGATE_PAYLOADS,
  LONG_PAYLOADS,
  NUMBER_PAYLOADS,
  ROUTER_PAYLOADS,
  STRING_PAYLOADS,
  UNICODE_PAYLOADS,
  WEB_PAYLOADS,
  XSS_MARKER,
} from "../tests/security/payloads";
import { sshFromLanPacket, sshFromLanPacketQuery, sshFromLanRule, waitUntil } from "../tests/support/api-samples";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

/**
 * The attack-payload suite against the API. The field list comes from /api/v1/openapi.json (generated from the
 * zod schemas): every operation, every path/query parameter and every body field, resolved through the JSON
 * Schema, gets one representative payload per class. Each request must end in the one error shape (with a
 * field path when it is a validation error) or be stored literally and read back through the API; never a 500,
 * never a stack trace, never a half-written change. Pages that show the stored values then render them as text.
 */

test.describe.configure({ mode: "serial" });
// Thousands of requests: a trace would cost more than the run itself.
test.use({ trace: "off" });

// The router password the whole suite must never see again once it is stored.
const ROUTER_PASSWORD = `Sec'\\''-$(reboot)\`id\`;|=pw-5f3c9e`;
const STACK = /\bat [\w.<>]+ \(|node_modules|\.tsx?:\d+:\d+|\.js:\d+:\d+|PrismaClient|SQLITE_|prisma\.\w+\.\w+\(/;
// One representative per class keeps the run bounded (every class, not every variant; the router-side suite has them all).
const REPRESENTATIVE = new Set([
  "sql",
  "xss-script",
  "xss-handler",
  "xss-svg",
  "xss-url",
  "html-breakout",
  "attr-breakout",
  "shell-subst",
  "uci-quote-escape",
  "ros-word",
  "rtl",
  "emoji",
  "combining",
  "newline",
  "nul",
  "long-0x4000",
  "huge",
]);
const TEXT_PAYLOADS = STRING_PAYLOADS.filter(
  (p, i, all) => REPRESENTATIVE.has(p.cls) && all.findIndex((q) => q.cls === p.cls) === i,
);
// Constrained strings (enums, ids, patterns): one per class is enough, they can only be refused.
const TOKEN_PAYLOADS = [
  WEB_PAYLOADS[0],
  WEB_PAYLOADS[4],
  ROUTER_PAYLOADS[0],
  ROUTER_PAYLOADS[7],
  UNICODE_PAYLOADS[0],
  CONTROL_PAYLOADS[0],
  CONTROL_PAYLOADS[2],
  LONG_PAYLOADS[1],
];

interface Fixture {
  alertChannel: string;
  spareAlertChannel: string;
  spareMute: string;
  peer: RouterOsPeer;
  deadPort: number;
  routerPeer: string;
  routerDead: string;
  ruleSet: string;
  pushSet: string;
  spareRuleSet: string;
  tokenId: string;
  spareUser: string;
  batchId: string;
  deploymentId: string;
  previewId: string;
  planHash: string;
  exportFile: unknown;
  exportText: string;
  head: number;
}

let api: APIRequestContext;
let fx: Fixture;
let counter = 0;
const seen: { url: string; text: string }[] = [];

const RULE = { ...sshFromLanRule("eth0"), log: true, logPrefix: "ssh" };
const content = () => ({
  rules: [{ id: "rsecbase01", ...RULE }],
  addressLists: [{ name: "office", entries: [{ address: "10.2.0.1", comment: `entry ${counter++}` }] }],
});
const PACKET = sshFromLanPacket("eth0");
const routerBody = (port: number) => ({
  name: "sec-router",
  vendor: "mikrotik",
  host: "127.0.0.1",
  port,
  transport: "api",
  username: "admin",
  password: "create-pw-91ab",
  site: "lab",
  tags: ["t1"],
  notes: "n",
  tlsMode: "verify",
});

async function refreshHead(): Promise<void> {
  fx.head = (await (await api.get(`/api/v1/rule-sets/${fx.ruleSet}`)).json()).headRevision;
}

interface Example {
  build: () => ExampleRequest;
  /** Where an accepted write can be read back (after the response), for the literal-storage check. */
  readBack?: (res: unknown, req: ExampleRequest) => Promise<unknown>;
  /** State that a refused request must leave untouched. */
  probe?: () => Promise<unknown>;
  after?: (res: unknown) => Promise<void>;
  /** Body fields that are parsed, not stored as given (an import's file text): no literal read-back. */
  notStored?: string[];
  /** Sends fx.head as baseRevision: refreshed after each accepted change. */
  usesHead?: boolean;
}

const alertHook = (name: string, port = fx.deadPort) => ({
  kind: "webhook",
  name,
  events: ["router-down", "router-up"],
  enabled: true,
  config: { url: `http://127.0.0.1:${port}/hook` },
  secret: "sec-hook-secret-1",
});
const getJson = async (url: string) => (await api.get(url)).json();
const ruleSetProbe = () => getJson(`/api/v1/rule-sets/${fx.ruleSet}`);
/** The rule set and its head revision (which carries the revision message). */
const ruleSetState = async () => {
  const set = await ruleSetProbe();
  return [set, await getJson(`/api/v1/rule-sets/${fx.ruleSet}/revisions/${set.headRevision}`)];
};
const ex = (
  params: Record<string, string> = {},
  query: Record<string, string> = {},
  body?: unknown,
): ExampleRequest => ({ params, query, body });

/** One valid request per operation (several for a union body). A new operation without one fails the suite. */
function examples(): Record<string, Example[]> {
  const rs = () => ({ id: fx.ruleSet });
  const importFile = () => {
    const f = structuredClone(fx.exportFile) as { ruleSet: { name: string } };
    f.ruleSet.name = `sec-imp-${counter++}`;
    return f;
  };
  const created = async (res: unknown) => getJson(`/api/v1/rule-sets/${(res as { id: string }).id}`);
  const dropSet = async (res: unknown) => void (await api.delete(`/api/v1/rule-sets/${(res as { id: string }).id}`));
  return {
    getAppHealth: [{ build: () => ex() }],
    getMe: [{ build: () => ex() }],
    listTokens: [{ build: () => ex() }],
    createToken: [
      {
        build: () => ex({}, {}, { name: "sec-token", role: "viewer", expiresInDays: 30 }),
        readBack: async (res) => res,
      },
    ],
    revokeToken: [{ build: () => ex({ id: fx.tokenId }) }],
    listUsers: [{ build: () => ex() }],
    // Through the suite's token: validated, then refused (a token cannot change a password), so the admin's stays.
    changeMyPassword: [
      { build: () => ex({}, {}, { currentPassword: "not-the-admin-password", newPassword: "sec-suite-new-pw-1" }) },
    ],
    resetUserPassword: [{ build: () => ex({ id: fx.spareUser }, {}, { newPassword: "sec-spare-new-pw-1" }) }],
    checkRouterNow: [{ build: () => ex({ id: fx.routerPeer }) }],
    listRouters: [{ build: () => ex() }],
    createRouter: [
      {
        build: () => ex({}, {}, routerBody(fx.deadPort)),
        readBack: async (res) => getJson(`/api/v1/routers/${(res as { id: string }).id}`),
        after: async (res) => void (await api.delete(`/api/v1/routers/${(res as { id: string }).id}`)),
      },
    ],
    getRouter: [{ build: () => ex({ id: fx.routerPeer }) }],
    updateRouter: [
      {
        build: () => ex({ id: fx.routerDead }, {}, { ...routerBody(fx.deadPort), name: `sec-dead-${counter++}` }),
        readBack: async () => getJson(`/api/v1/routers/${fx.routerDead}`),
        probe: async () => getJson(`/api/v1/routers/${fx.routerDead}`),
      },
    ],
    deleteRouter: [{ build: () => ex({ id: fx.routerDead }) }],
    getFleetHealth: [{ build: () => ex() }],
    getRouterHealth: [{ build: () => ex({ id: fx.routerPeer }, { range: "hour" }) }],
    testRouterConnection: [{ build: () => ex({ id: fx.routerDead }) }],
    addRule: [
      {
        build: () =>
          ex(
            rs(),
            {},
            { baseRevision: fx.head, position: 0, rule: { ...RULE, comment: `added ${counter++}` }, message: "add" },
          ),
        readBack: ruleSetState,
        probe: ruleSetProbe,
        usesHead: true,
      },
    ],
    listRules: [{ build: () => ex(rs()) }],
    createRuleSet: [
      {
        build: () =>
          ex(
            {},
            {},
            { source: "blank", name: `sec-blank-${counter++}`, description: "d", content: content(), message: "m" },
          ),
        readBack: created,
        after: dropSet,
      },
      {
        build: () =>
          ex(
            {},
            {},
            {
              source: "template",
              name: `sec-tpl-${counter++}`,
              description: "d",
              template: "block-incoming-except-trusted",
              params: { trusted: ["10.0.0.0/8"] },
              message: "m",
            },
          ),
        readBack: created,
        after: dropSet,
      },
      { build: () => ex({}, {}, { source: "import", file: importFile() }), readBack: created, after: dropSet },
    ],
    listRuleSets: [{ build: () => ex() }],
    deleteRuleSet: [{ build: () => ex({ id: fx.spareRuleSet }) }],
    getRuleSet: [{ build: () => ex(rs()) }],
    saveRuleSet: [
      {
        build: () =>
          ex(
            rs(),
            {},
            {
              baseRevision: fx.head,
              name: "sec-set",
              description: `d ${counter++}`,
              content: content(),
              message: "save",
            },
          ),
        readBack: ruleSetState,
        probe: ruleSetProbe,
        usesHead: true,
      },
    ],
    diffRevisions: [{ build: () => ex(rs(), { from: "1", to: "2" }) }],
    exportRuleSet: [{ build: () => ex(rs(), { revision: "1" }) }],
    getRevision: [{ build: () => ex({ id: fx.ruleSet, number: "1" }) }],
    listActivity: [{ build: () => ex({}, { page: "1", pageSize: "10" }) }],
    listAddressLists: [{ build: () => ex(rs()) }],
    listRevisions: [{ build: () => ex(rs()) }],
    putAddressList: [
      {
        build: () =>
          ex(
            { id: fx.ruleSet, name: "office" },
            {},
            { baseRevision: fx.head, entries: [{ address: "10.2.0.1", comment: `put ${counter++}` }], message: "put" },
          ),
        readBack: ruleSetState,
        probe: ruleSetProbe,
        usesHead: true,
      },
    ],
    revertRuleSet: [
      { build: () => ex(rs(), {}, { to: 1, baseRevision: fx.head }), probe: ruleSetProbe, usesHead: true },
    ],
    listAuditEvents: [{ build: () => ex({}, { q: "sign", action: "login.ok", actor: "admin", page: "1" }) }],
    continuePushBatch: [{ build: () => ex({ id: fx.batchId }) }],
    unassignRuleSet: [{ build: () => ex({ id: fx.routerPeer }) }],
    getRouterAssignment: [{ build: () => ex({ id: fx.routerPeer }) }],
    getRouterRoles: [{ build: () => ex({ id: fx.routerPeer }) }],
    proposeRouterRoles: [{ build: () => ex({ id: fx.routerPeer }) }],
    setRouterRoles: [
      {
        build: () =>
          ex({ id: fx.routerPeer }, {}, { roles: [{ role: "lan", target: { kind: "interface-list", name: "LAN" } }] }),
        readBack: async () => getJson(`/api/v1/routers/${fx.routerPeer}/roles`),
        probe: async () => getJson(`/api/v1/routers/${fx.routerPeer}/roles`),
      },
    ],
    assignRuleSet: [
      {
        build: () => ex({ id: fx.routerPeer }, {}, { ruleSetId: fx.pushSet }),
        probe: async () => getJson(`/api/v1/routers/${fx.routerPeer}/assignment`),
      },
    ],
    getPushBatch: [{ build: () => ex({ id: fx.batchId }) }],
    getDeployment: [{ build: () => ex({ id: fx.deploymentId }) }],
    listRuleSetAssignments: [{ build: () => ex({ id: fx.pushSet }) }],
    listDeployments: [
      {
        build: () =>
          ex({}, { status: "done", routerId: fx.routerPeer, ruleSetId: fx.pushSet, batchId: fx.batchId, limit: "10" }),
      },
    ],
    previewPush: [{ build: () => ex({ id: fx.pushSet }, {}, { routerId: fx.routerPeer, revision: 1 }) }],
    previewPushMany: [{ build: () => ex({ id: fx.pushSet }, {}, { routerIds: [fx.routerPeer], revision: 1 }) }],
    startPush: [
      {
        build: () =>
          ex(
            { id: fx.pushSet },
            {},
            {
              revision: 1,
              routers: [fx.routerPeer],
              previewIds: [fx.previewId],
              canary: 0,
              stopOnFailure: false,
              revertSeconds: 60,
              override: { lockout: false, noTimer: false },
            },
          ),
      },
    ],
    stopPushBatch: [{ build: () => ex({ id: fx.batchId }) }],
    getHealthPolling: [{ build: () => ex() }],
    setHealthPolling: [
      {
        build: () => ex({}, {}, { intervalSeconds: 3, timeoutSeconds: 2, concurrency: 32 }),
        probe: async () => getJson("/api/v1/settings/health-polling"),
      },
    ],
    getPlan: [{ build: () => ex({ hash: fx.planHash }) }],
    getPlanPage: [{ build: () => ex({ hash: fx.planHash, section: "writes" }, { cursor: "0", limit: "5" }) }],
    getPlanRetention: [{ build: () => ex() }],
    downloadBackup: [{ build: () => ex() }],
    setPlanRetention: [
      { build: () => ex({}, {}, { days: 90 }), probe: async () => getJson("/api/v1/settings/plan-retention") },
    ],
    getPushGuard: [{ build: () => ex() }],
    setPushGuard: [
      {
        build: () => ex({}, {}, { blockOnConflicts: false }),
        probe: async () => getJson("/api/v1/settings/push-guard"),
      },
    ],
    getRouterLiveFirewall: [{ build: () => ex({ id: fx.routerPeer }) }],
    getRuleSetHits: [{ build: () => ex(rs()) }],
    refreshRuleSetHits: [{ build: () => ex(rs()) }],
    getHitSettings: [{ build: () => ex() }],
    setHitSettings: [
      { build: () => ex({}, {}, { unusedDays: 30 }), probe: async () => getJson("/api/v1/settings/hits") },
    ],
    getRouterDrift: [{ build: () => ex({ id: fx.routerPeer }) }],
    checkRouterDrift: [{ build: () => ex({ id: fx.routerPeer }) }],
    acknowledgeRouterDrift: [{ build: () => ex({ id: fx.routerPeer }) }],
    adoptRouterDrift: [{ build: () => ex({ id: fx.routerPeer }) }],
    exportRuleSetText: [{ build: () => ex(rs(), { vendor: "mikrotik", revision: "1" }) }],
    importFromRouter: [
      {
        build: () => ex({ id: fx.routerPeer }, {}, { name: `sec-from-router-${counter++}`, takeOwnership: false }),
        readBack: async (res) => getJson(`/api/v1/rule-sets/${(res as { ruleSetId: string }).ruleSetId}`),
        after: async (res) => void (await api.delete(`/api/v1/rule-sets/${(res as { ruleSetId: string }).ruleSetId}`)),
      },
    ],
    importRuleSetText: [
      {
        build: () => ex({}, {}, { vendor: "mikrotik", name: `sec-text-${counter++}`, text: fx.exportText }),
        readBack: created,
        after: dropSet,
        notStored: ["text"],
      },
    ],
    analyzeRuleSet: [
      { build: () => ex({}, {}, { ruleSetId: fx.ruleSet, revision: 1 }) },
      { build: () => ex({}, {}, { content: content() }) },
    ],
    testPacket: [
      { build: () => ex({}, {}, { packet: PACKET, ruleSetId: fx.ruleSet, revision: 1 }) },
      { build: () => ex({}, {}, { packet: PACKET, content: content() }) },
    ],
    testPacketOnRouter: [
      {
        build: () => ex({ id: fx.routerPeer }, sshFromLanPacketQuery("eth0")),
      },
    ],
    listAlertChannels: [{ build: () => ex() }],
    createAlertChannel: [
      {
        build: () => ex({}, {}, alertHook(`sec-hook-${counter++}`)),
        readBack: async (res) => res,
        notStored: ["secret"],
        after: async (res) => void (await api.delete(`/api/v1/alerts/channels/${(res as { id: string }).id}`)),
      },
      {
        build: () =>
          ex(
            {},
            {},
            {
              kind: "smtp",
              name: `sec-mail-${counter++}`,
              events: ["router-down"],
              enabled: true,
              config: {
                host: "127.0.0.1",
                port: fx.deadPort,
                security: "starttls",
                username: "u",
                from: "rampart@example.test",
                to: ["noc@example.test"],
              },
              secret: "sec-smtp-pw-1",
            },
          ),
        readBack: async (res) => res,
        notStored: ["secret"],
        after: async (res) => void (await api.delete(`/api/v1/alerts/channels/${(res as { id: string }).id}`)),
      },
    ],
    updateAlertChannel: [
      {
        build: () => ex({ id: fx.alertChannel }, {}, alertHook(`sec-hook-upd-${counter++}`)),
        readBack: async (res) => res,
        notStored: ["secret"],
        probe: async () => getJson("/api/v1/alerts/channels"),
      },
    ],
    deleteAlertChannel: [{ build: () => ex({ id: fx.spareAlertChannel }) }],
    testAlertChannel: [{ build: () => ex({ id: fx.alertChannel }) }],
    listAlertEvents: [{ build: () => ex({}, { limit: "10", routerId: fx.routerPeer, type: "router-down" }) }],
    listAlertMutes: [{ build: () => ex() }],
    createAlertMute: [
      {
        build: () =>
          ex(
            {},
            {},
            {
              routerId: fx.routerPeer,
              until: new Date(Date.now() + 3600_000).toISOString(),
              reason: `maintenance ${counter++}`,
            },
          ),
        readBack: async (res) => res,
        after: async (res) => void (await api.delete(`/api/v1/alerts/mutes/${(res as { id: string }).id}`)),
      },
    ],
    deleteAlertMute: [{ build: () => ex({ id: fx.spareMute }) }],
    getAlertSettings: [{ build: () => ex() }],
    setAlertSettings: [
      { build: () => ex({}, {}, { throttleMinutes: 15 }), probe: async () => getJson("/api/v1/settings/alerts") },
    ],
  };
}

async function send(method: string, pathTemplate: string, req: ExampleRequest, rawBody?: string): Promise<APIResponse> {
  const qs = queryString(req.query);
  const url = fillPath(pathTemplate, req.params) + (qs ? `?${qs}` : "");
  // A Buffer goes out byte for byte (Playwright would wrap a string that is not valid JSON in quotes).
  const data =
    rawBody !== undefined ? Buffer.from(rawBody) : req.body === undefined ? undefined : JSON.stringify(req.body);
  return api.fetch(url, {
    method,
    data,
    headers: data === undefined ? {} : { "Content-Type": "application/json" },
    timeout: 30_000,
  });
}

test.beforeAll(async ({ playwright, baseURL }) => {
  test.setTimeout(120_000);
  const token = rampartCli(["token", "create", "--name", "security-suite", "--role", "admin"]);
  api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  // The rules name eth0: a router refuses names it does not have, so this one has it.
  const peer = await startRouterOsPeer({
    users: { admin: ROUTER_PASSWORD },
    identity: "sec-peer",
    interfaces: [...DEFAULT_INTERFACES, "eth0"],
  });
  const probe = net.createServer().listen(0, "127.0.0.1");
  await new Promise((r) => probe.once("listening", r));
  const deadPort = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));

  const post = async (url: string, data: unknown, status: number) => {
    const r = await api.post(url, { data });
    expect(r.status(), `${url}: ${await r.text()}`).toBe(status);
    return r.json();
  };
  const routerPeer = (
    await post("/api/v1/routers", { ...routerBody(peer.port), name: "sec-peer", password: ROUTER_PASSWORD }, 201)
  ).id;
  const routerDead = (await post("/api/v1/routers", { ...routerBody(deadPort), name: "sec-dead" }, 201)).id;
  const ruleSet = (
    await post("/api/v1/rule-sets", { source: "blank", name: "sec-set", description: "", content: content() }, 201)
  ).id;
  await api.put(`/api/v1/rule-sets/${ruleSet}`, {
    data: { baseRevision: 1, name: "sec-set", description: "two", content: content() },
  });
  const pushSet = (
    await post("/api/v1/rule-sets", { source: "blank", name: "sec-push", description: "", content: content() }, 201)
  ).id;
  const spareRuleSet = (await post("/api/v1/rule-sets", { source: "blank", name: "sec-spare", description: "" }, 201))
    .id;
  const tokenId = (await post("/api/v1/tokens", { name: "sec-spare-token", role: "viewer" }, 201)).summary.id;
  rampartCli(["user", "create", "--username", "sec-spare-user", "--role", "viewer"], {
    RAMPART_PASSWORD: "sec-spare-user-pw-1",
  });
  const spareUser = (await getJson("/api/v1/users")).users.find(
    (u: { username: string }) => u.username === "sec-spare-user",
  ).id;
  expect((await api.put(`/api/v1/routers/${routerPeer}/assignment`, { data: { ruleSetId: pushSet } })).status()).toBe(
    200,
  );
  const preview = await post(`/api/v1/rule-sets/${pushSet}/previews`, { routerId: routerPeer }, 201);
  const pushed = await post(
    `/api/v1/rule-sets/${pushSet}/push`,
    { routers: [routerPeer], previewIds: [preview.id] },
    202,
  );
  const deploymentId = pushed.deploymentIds[0];
  await waitUntil(
    "the first push to finish",
    async () => {
      const d = await getJson(`/api/v1/deployments/${deploymentId}`);
      return ["done", "failed", "rolled-back", "refused", "failed-unknown"].includes(d.status) ? d : null;
    },
    30_000,
  );
  const exportFile = await getJson(`/api/v1/rule-sets/${ruleSet}/export`);
  const textRes = await api.get(`/api/v1/rule-sets/${ruleSet}/export-text?vendor=mikrotik`);
  expect(textRes.status(), "export-text").toBe(200);
  const exportText = await textRes.text();
  // Alert channels point at the dead port: a test send answers "connection refused" at once.
  const alertChannel = (await post("/api/v1/alerts/channels", alertHook("sec-hook", deadPort), 201)).id;
  const spareAlertChannel = (await post("/api/v1/alerts/channels", alertHook("sec-hook-spare", deadPort), 201)).id;
  const spareMute = (
    await post("/api/v1/alerts/mutes", { site: "lab", until: new Date(Date.now() + 3600_000).toISOString() }, 201)
  ).id;
  fx = {
    alertChannel,
    spareAlertChannel,
    spareMute,
    peer,
    deadPort,
    routerPeer,
    routerDead,
    ruleSet,
    pushSet,
    spareRuleSet,
    tokenId,
    spareUser,
    batchId: pushed.batchId,
    deploymentId,
    previewId: preview.id,
    planHash: preview.planHash,
    exportFile,
    exportText,
    head: 0,
  };
  await refreshHead();
});

test.afterAll(async () => {
  await api?.dispose();
  await fx?.peer.close();
});

function payloadsFor(field: Field): { cls: string; value: unknown; raw?: string }[] {
  return [...typedPayloadsFor(field), ...encodingPayloadsFor(field)];
}

/**
 * Text that is not text, for every field: a lone surrogate in JSON bodies (refused at the field, where a value
 * or an object key), malformed percent-escapes in path and query values (sent as typed). Never a 500.
 */
function encodingPayloadsFor(field: Field): { cls: string; value: unknown }[] {
  if (field.where !== "body") return BAD_ESCAPE_PAYLOADS.map((p) => ({ cls: p.cls, value: rawUrlText(p.value) }));
  if (field.kind === "text" || field.kind === "token") return LONE_SURROGATE_PAYLOADS;
  if (field.kind === "any") return [{ cls: "lone-surrogate-key", value: { "key\ud800": "x" } }];
  if (field.kind === "array") return [{ cls: "lone-surrogate-item", value: ["\udfff"] }];
  return [];
}

function typedPayloadsFor(field: Field): { cls: string; value: unknown; raw?: string }[] {
  const wrongType = {
    cls: "wrong-type",
    value: field.kind === "number" || field.kind === "boolean" ? "<b data-xss>1</b>" : { $gt: "" },
  };
  switch (field.kind) {
    case "text":
      return [
        ...TEXT_PAYLOADS,
        ...(field.where === "body"
          ? [
              { cls: "number-for-text", value: 1e308 },
              { cls: "null", value: null },
            ]
          : []),
      ];
    case "token":
      return [...TOKEN_PAYLOADS, wrongType];
    case "number":
      return [...NUMBER_PAYLOADS, wrongType];
    case "boolean":
      return [
        { cls: "string-bool", value: "true" },
        { cls: "number-bool", value: 1 },
        { cls: "null", value: null },
      ];
    case "array":
      return [
        { cls: "not-an-array", value: "'; DROP TABLE Rule; --" },
        { cls: "huge-array", value: Array.from({ length: 5000 }, () => "<b data-xss>x</b>") },
        { cls: "nested", value: [[[[["x"]]]]] },
      ];
    case "any":
      return [
        WEB_PAYLOADS[3],
        { cls: "array", value: ["<svg data-xss onload=alert(1)>"] },
        { cls: "proto", value: JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}') },
        { cls: "null", value: null },
      ];
  }
}

test("every API operation and field survives the attack payloads: one error shape or stored literally, never a 500", async () => {
  // About 100 s alone; a loaded CI machine can take several times that.
  test.setTimeout(600_000);
  const doc = await getJson("/api/v1/openapi.json");
  const table = examples();
  const failures: string[] = [];
  let requests = 0;
  let literalChecks = 0;
  const coverage: string[] = [];

  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, OpenApiOperation>>)) {
    for (const [method, op] of Object.entries(item)) {
      const variants = table[op.operationId];
      if (!variants) {
        failures.push(
          `${op.operationId}: no example request in e2e/security-api.spec.ts; add one so its fields are attacked`,
        );
        continue;
      }
      const started = Date.now();
      const sentBefore = requests;
      for (const example of variants) {
        const fields = operationFields(doc, op, example.build());
        coverage.push(`${op.operationId}: ${fields.length} fields`);
        let lastProbe: string | null = null;
        const jobs = fields.flatMap((field) => payloadsFor(field).map((p) => ({ field, p })));
        const attack = async ({ field, p }: (typeof jobs)[number]) => {
          const label = `${method.toUpperCase()} ${path} ${pointerText(field)} ← ${p.cls}`;
          const { req, rawBody } = withValue(example.build(), field, p.value, p.raw);
          // Probed examples run one at a time, so the state read after the previous refusal is still the state now.
          const before =
            method !== "get" && example.probe ? (lastProbe ?? JSON.stringify(await example.probe())) : null;
          lastProbe = null;
          const res = await send(method.toUpperCase(), path, req, rawBody);
          requests++;
          const status = res.status();
          const text = await res.text();
          seen.push({ url: label, text });
          const fail: string[] = [];
          // Node's HTTP parser refuses a request line past its limit (414/431, no body) before the app sees it.
          const tooLongForHttp = (status === 414 || status === 431) && field.where !== "body";
          if (status >= 500 && status !== 502) fail.push(`${label}: status ${status} ${text.slice(0, 200)}`);
          if (STACK.test(text)) fail.push(`${label}: response looks like a stack trace: ${text.slice(0, 200)}`);
          if (text.includes(ROUTER_PASSWORD)) fail.push(`${label}: the router password is in the response`);
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            // Downloads (text exports) are not JSON; every error is.
            if (status >= 400 && !tooLongForHttp)
              fail.push(`${label}: error is not JSON (${status}): ${text.slice(0, 100)}`);
          }
          if (status >= 400 && !tooLongForHttp) {
            const err = (
              json as { error?: { code?: unknown; message?: unknown; issues?: { path: unknown; message: unknown }[] } }
            )?.error;
            const shapeOk =
              err &&
              typeof err.code === "string" &&
              typeof err.message === "string" &&
              Object.keys(json as object).length === 1;
            if (!shapeOk)
              fail.push(`${label}: error body is not { error: { code, message } } (${status}): ${text.slice(0, 200)}`);
            if (status === 422) {
              const issues = err?.issues ?? [];
              if (
                !issues.length ||
                issues.some((i) => typeof i.path !== "string" || typeof i.message !== "string" || !i.message)
              )
                fail.push(`${label}: 422 without field issues: ${text.slice(0, 200)}`);
              else if (field.where !== "path" && !issues.some((i) => relates(String(i.path), field)))
                fail.push(`${label}: 422 issues do not name the field: ${JSON.stringify(issues).slice(0, 200)}`);
            }
          }
          const write = method === "post" || method === "put";
          if (status >= 200 && status < 300 && write) {
            const stored = example.readBack ? await example.readBack(json, req) : null;
            const secret = field.pointer.includes("password") || field.pointer.includes("privateKey");
            if (stored && typeof p.value === "string" && field.where === "body") {
              literalChecks++;
              if (secret) {
                if (p.value.length > 3 && JSON.stringify(stored).includes(JSON.stringify(p.value).slice(1, -1)))
                  fail.push(`${label}: a write-only secret came back`);
              } else if (
                field.kind === "text" &&
                !example.notStored?.includes(field.pointer.join(".")) &&
                !holdsLiterally(stored, p.value)
              )
                fail.push(`${label}: accepted (${status}) but not stored literally`);
            }
            if (example.after) await example.after(json);
            const head = (stored as [{ headRevision?: unknown }] | null)?.[0]?.headRevision;
            if (example.usesHead) {
              if (typeof head === "number") fx.head = head;
              else await refreshHead();
            }
          } else if (write || method === "delete") {
            // Nothing half-written: a refused change leaves the state exactly as it was read before it.
            if (before !== null) {
              lastProbe = JSON.stringify(await example.probe!());
              if (before !== lastProbe) fail.push(`${label}: state changed after a refused request (${status})`);
            }
            if (status === 409 && example.usesHead) await refreshHead();
          }
          for (const f of fail) console.log(`FAIL ${f}`);
          failures.push(...fail);
        };
        // Requests that depend on the rule set's head or compare state before/after go one at a time; the rest in parallel.
        const width = example.probe || example.usesHead ? 1 : 6;
        let next = 0;
        await Promise.all(
          Array.from({ length: width }, async () => {
            while (next < jobs.length) await attack(jobs[next++]);
          }),
        );
      }
      console.log(`${op.operationId}: ${requests - sentBefore} requests in ${Date.now() - started} ms`);
    }
  }
  console.log(
    `security-api: ${requests} attack requests, ${literalChecks} literal read-backs\n  ${coverage.join("\n  ")}`,
  );
  expect(failures, failures.slice(0, 40).join("\n")).toEqual([]);
  expect(requests).toBeGreaterThan(1000);
});

/** An issue path names the attacked field when one is a prefix of the other (union and cross-field checks sit a level up). */
function relates(issuePath: string, field: Field): boolean {
  const f = field.pointer.join(".");
  if (field.where !== "body") return issuePath === f || issuePath === "" || issuePath.startsWith(`${f}.`);
  return (
    issuePath === f ||
    f.startsWith(`${issuePath}.`) ||
    issuePath.startsWith(`${f}.`) ||
    (issuePath === "" && field.pointer.length <= 1)
  );
}

test("values the API stored render as text on every page that shows them: no dialog, no script, no element from data", async ({
  guardedPage: page,
}) => {
  test.setTimeout(180_000);
  const xss = (i: number) => WEB_PAYLOADS[i].value;
  // Put one XSS payload in each free-text field a page shows.
  await refreshHead();
  const saved = await api.put(`/api/v1/rule-sets/${fx.ruleSet}`, {
    data: {
      baseRevision: fx.head,
      name: xss(3).slice(0, 80),
      description: xss(7),
      content: {
        rules: [{ id: "rsecxss001", ...RULE, comment: xss(4), logPrefix: "<b data-xss>p" }],
        addressLists: [{ name: "office", entries: [{ address: "10.2.0.1", comment: xss(5) }] }],
      },
      message: xss(8),
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const upd = await api.put(`/api/v1/routers/${fx.routerDead}`, {
    data: {
      ...routerBody(fx.deadPort),
      name: "<svg data-xss onload=alert(2)>",
      site: xss(6).slice(0, 64),
      notes: xss(7),
      username: xss(9).slice(0, 64),
    },
  });
  expect(upd.status(), await upd.text()).toBe(200);
  expect((await api.post("/api/v1/tokens", { data: { name: xss(4).slice(0, 80), role: "viewer" } })).status()).toBe(
    201,
  );

  await signIn(page, ADMIN.username, ADMIN.password);
  const pages = [
    "/rule-sets",
    `/rule-sets/${fx.ruleSet}`,
    `/rule-sets/${fx.ruleSet}/history`,
    `/rule-sets/${fx.ruleSet}/push`,
    `/rule-sets/${fx.pushSet}/push`,
    "/routers",
    `/routers/${fx.routerDead}`,
    `/routers/${fx.routerDead}/edit`,
    `/routers/${fx.routerPeer}`,
    "/health",
    "/deployments",
    `/deployments/${fx.deploymentId}`,
    "/history",
    "/audit",
    "/settings",
    // Reflected: payloads in query strings and unknown ids.
    `/audit?q=${encodeURIComponent(xss(4))}&actor=${encodeURIComponent(xss(7))}`,
    `/rule-sets/${fx.ruleSet}/history?from=${encodeURIComponent(xss(3))}&to=2`,
    `/deployments?status=${encodeURIComponent(xss(5))}`,
    `/rule-sets/${encodeURIComponent(xss(4))}`,
    `/routers/${encodeURIComponent(xss(8))}`,
    // Malformed percent-escapes in a page's dynamic segment (once a 500; now a 400 page).
    ...BAD_ESCAPE_PAYLOADS.flatMap((p) => [
      `/rule-sets/${p.value}`,
      `/routers/${p.value}/edit`,
      `/deployments/${p.value}`,
    ]),
  ];
  for (const url of pages) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBeLessThan(500);
    await page.waitForLoadState("networkidle");
    expect(await page.locator(XSS_MARKER).count(), `${url}: an element was created from stored data`).toBe(0);
    expect(
      await page.locator('a[href^="javascript:" i], [src^="javascript:" i], iframe, object, embed').count(),
      `${url}: javascript: URL or embedded frame`,
    ).toBe(0);
    expect(await page.content(), url).not.toContain(ROUTER_PASSWORD);
  }
  // The text itself is visible as typed.
  await page.goto("/rule-sets");
  await expect(page.getByText(xss(3).slice(0, 80), { exact: true }).first()).toBeVisible();
  await page.goto(`/routers/${fx.routerDead}`);
  await expect(page.getByText("<svg data-xss onload=alert(2)>", { exact: true }).first()).toBeVisible();
  await page.goto(`/rule-sets/${fx.ruleSet}`);
  await expect(page.getByText(xss(4)).first()).toBeVisible();
});

test("no API response seen by this suite contained the router password", async () => {
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((s) => s.text.includes(ROUTER_PASSWORD)).map((s) => s.url)).toEqual([]);
});
