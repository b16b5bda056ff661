import fs from "node:fs";
import net from "node:net";
import type { APIRequestContext, Request } from "@playwright/test";
import { startRouterOsPeer, type RouterOsPeer } from "../tests/peers/routeros";
import { ADMIN, expect, rampartCli, signIn, test } from "./fixtures";

/**
 * Issue #16: the outside attacker's requests, sent through the running server. Item 1: an operator replaying the
 * router form's "Test connection" server action, and an admin's form, must not make the server send the stored
 * router password (or connect at all) to a listener of the attacker's choice. Item 7: bad text is a 422 at the
 * field, unknown ids on the assignment reads are 404, and the database files the server runs on are 0600.
 */

test.describe.configure({ mode: "serial" });

const PASSWORD = "stored-e2e-secret-7f1";
const OPERATOR = { username: "op-secrets", password: "operator-pass-2026" };

/** The attacker's listener: counts connections and keeps every byte. */
let listener: net.Server;
let listenerPort = 0;
let connections = 0;
let received = Buffer.alloc(0);
let peer: RouterOsPeer;
let api: APIRequestContext;
let routerId = "";

const seen = async () => {
  await new Promise((r) => setTimeout(r, 500));
  return { connections, bytes: received.length };
};

test.beforeAll(async ({ playwright, baseURL }) => {
  peer = await startRouterOsPeer({ users: { admin: PASSWORD } });
  listener = net.createServer((sock) => {
    connections++;
    sock.on("data", (d) => (received = Buffer.concat([received, d])));
    sock.on("error", () => undefined);
    setTimeout(() => sock.destroy(), 300);
  });
  listener.listen(0, "127.0.0.1");
  await new Promise((r) => listener.once("listening", r));
  listenerPort = (listener.address() as net.AddressInfo).port;
  rampartCli(["user", "create", "--username", OPERATOR.username, "--role", "operator"], {
    RAMPART_PASSWORD: OPERATOR.password,
  });
  const token = rampartCli(["token", "create", "--name", "e2e-secrets", "--role", "admin"]);
  api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const created = await api.post("/api/v1/routers", {
    data: {
      name: "secret-holder",
      vendor: "mikrotik",
      host: "127.0.0.1",
      port: peer.port,
      transport: "api",
      username: "admin",
      password: PASSWORD,
    },
  });
  expect(created.status()).toBe(201);
  routerId = (await created.json()).id;
});

test.afterAll(async () => {
  await api?.dispose();
  await peer?.close();
  await new Promise((r) => listener?.close(r));
});

test("item 1: neither the admin's form nor an operator's replayed action sends the stored password to another port", async ({
  guardedPage: page,
  browser,
  baseURL,
}) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto(`/routers/${routerId}/edit`);
  await expect(page.getByTestId("test-secret-note")).toContainText(`only to 127.0.0.1:${peer.port} as stored`);

  // The admin points the form at the listener and leaves the password empty: refused at the password field.
  await page.getByLabel("Port", { exact: true }).fill(String(listenerPort));
  await page.getByRole("button", { name: "Test connection" }).click();
  const refusal = `enter the password again to test a changed host, port, vendor or transport: the stored one is only sent to 127.0.0.1:${peer.port}`;
  await expect(page.locator('[data-field-error="password"]')).toHaveText(refusal);
  expect(await seen()).toEqual({ connections: 0, bytes: 0 });

  // Saving the moved router without the password is refused the same way, and nothing is written.
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator('[data-field-error="password"]')).toHaveText(refusal.replace("to test", "to save"));
  expect((await (await api.get(`/api/v1/routers/${routerId}`)).json()).port).toBe(peer.port);

  // Positive control: with a typed password the admin's test does reach the listener (only what was typed).
  await page.getByLabel("Password", { exact: true }).fill("typed-by-admin");
  const actionRequest = page.waitForRequest((r: Request) => r.method() === "POST" && !!r.headers()["next-action"]);
  await page.getByRole("button", { name: "Test connection" }).click();
  const recorded = await actionRequest;
  await expect(page.getByTestId("test-result")).toBeVisible({ timeout: 20_000 });
  expect((await seen()).connections).toBe(1);
  expect(received.includes("typed-by-admin")).toBe(true);
  expect(received.includes(PASSWORD)).toBe(false);

  // The operator replays that very request (same action, same form), then with the password field emptied.
  connections = 0;
  received = Buffer.alloc(0);
  const opContext = await browser.newContext({ baseURL });
  const opPage = await opContext.newPage();
  await signIn(opPage, OPERATOR.username, OPERATOR.password);
  const headers = recorded.headers();
  const body = recorded.postDataBuffer()!;
  for (const form of [body, Buffer.from(body.toString("latin1").replace("typed-by-admin", ""), "latin1")]) {
    const res = await opContext.request.post(recorded.url(), {
      headers: {
        "next-action": headers["next-action"],
        "content-type": headers["content-type"],
        accept: headers["accept"] ?? "text/x-component",
        origin: new URL(baseURL!).origin,
      },
      data: form,
    });
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain("Testing changed connection settings needs the admin role");
  }
  expect(await seen()).toEqual({ connections: 0, bytes: 0 });
  await opContext.close();
});

test("item 7: names and notes with spoofing or NUL characters are 422 at the field", async () => {
  const countRouters = async () => ((await (await api.get("/api/v1/routers")).json()).routers as unknown[]).length;
  const before = await countRouters();
  const router = {
    name: "text-rules",
    vendor: "mikrotik",
    host: "127.0.0.1",
    port: peer.port,
    transport: "api",
    username: "admin",
    password: PASSWORD,
  };
  const cases: [string, string, unknown, string, string][] = [
    [
      "POST",
      "/api/v1/routers",
      { ...router, name: "edge\u202Egnp.exe" },
      "name",
      "name contains a text-direction control (right-to-left override)",
    ],
    [
      "POST",
      "/api/v1/routers",
      { ...router, name: "edge\u2028core" },
      "name",
      "name contains a control character (line separator)",
    ],
    [
      "POST",
      "/api/v1/routers",
      { ...router, site: "lab\u2066x" },
      "site",
      "site contains a text-direction control (left-to-right isolate)",
    ],
    [
      "POST",
      "/api/v1/routers",
      { ...router, notes: "ok\nbut\u0000nul" },
      "notes",
      "notes contains a control character (NUL)",
    ],
    [
      "POST",
      "/api/v1/routers",
      { ...router, password: "pw\u0000" },
      "password",
      "password contains a control character (NUL)",
    ],
    [
      "POST",
      "/api/v1/tokens",
      { name: "ci\u2028deploy", role: "viewer" },
      "name",
      "name contains a control character (line separator)",
    ],
    [
      "POST",
      "/api/v1/tokens",
      { name: "ci\u202Etxt", role: "viewer" },
      "name",
      "name contains a text-direction control (right-to-left override)",
    ],
    [
      "POST",
      "/api/v1/rule-sets",
      { source: "blank", name: "edge\u202Etxt", description: "" },
      "name",
      "name contains a text-direction control (right-to-left override)",
    ],
  ];
  for (const [method, url, data, field, message] of cases) {
    const res = await api.fetch(url, { method, data });
    expect(res.status(), `${url} ${field}`).toBe(422);
    const err = (await res.json()).error;
    expect(err.code).toBe("validation_failed");
    expect(err.issues, `${url} ${field}`).toContainEqual({ path: field, message });
  }
  // Nothing was half-written.
  expect(await countRouters()).toBe(before);
});

test("item 7: unknown ids on the assignment reads are 404 in the error shape", async () => {
  for (const url of ["/api/v1/routers/no-such-router/assignment", "/api/v1/rule-sets/no-such-set/assignments"]) {
    const res = await api.get(url);
    expect(res.status(), url).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: "not_found" });
  }
  // A known router without an assignment is still a plain "none".
  expect(await (await api.get(`/api/v1/routers/${routerId}/assignment`)).json()).toEqual({ assignment: null });
});

test("item 7: the database the server runs on (created by scripts/start.sh's migrate) is owner-only", async () => {
  const file = process.env.E2E_DATABASE_URL!.replace(/^file:/, "");
  const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
  expect(mode(file)).toBe("600");
  // The server writes through WAL: both sidecars exist while it runs.
  for (const s of ["-wal", "-shm"]) expect(mode(file + s), s).toBe("600");
});
