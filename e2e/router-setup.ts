import type { APIRequestContext, PlaywrightWorkerArgs } from "@playwright/test";
import { startOpenWrtPeer, type OpenWrtPeer, type OpenWrtPeerOptions } from "../tests/peers/openwrt/start-openwrt-peer";
import { startRouterOsPeer, type RouterOsPeer, type RouterOsPeerOptions } from "../tests/peers/routeros";
import { routerOsRouterInput } from "../tests/support/routeros-router-row";
import { ruleDefaults } from "../lib/rules/make-rule";
import { expect, rampartCli, test } from "./fixtures";

// Setup shared by the specs that push to a stand-in router: one peer per spec file, the rule they push, and the
// API calls that add a router, assign a rule set and push it. Each step checks its status, so a broken setup fails
// where it broke.

/** Starts a RouterOS peer before the file's tests and closes it after; read `.peer` in a test. */
export function routerOsPeerForFile(options: RouterOsPeerOptions): { readonly peer: RouterOsPeer } {
  let peer: RouterOsPeer | undefined;
  test.beforeAll(async () => {
    peer = await startRouterOsPeer(options);
  });
  test.afterAll(async () => {
    await peer?.close();
  });
  return {
    get peer() {
      return peer!;
    },
  };
}

/** Starts an OpenWrt peer (a real sshd with uci/fw4 stand-ins) before the file's tests and closes it after. */
export function openWrtPeerForFile(options: OpenWrtPeerOptions): { readonly peer: OpenWrtPeer } {
  let peer: OpenWrtPeer | undefined;
  test.beforeAll(async () => {
    peer = await startOpenWrtPeer(options);
  });
  test.afterAll(async () => {
    await peer?.close();
  });
  return {
    get peer() {
      return peer!;
    },
  };
}

/** An enabled ipv4 input rule accepting tcp to one port, from and to anywhere. */
export const tcpRule = (id: string, port: number, comment: string) => ({
  ...ruleDefaults(),
  id,
  family: "ipv4",
  protocol: "tcp",
  dstPorts: [{ from: port, to: port }],
  comment,
});

/** An API client signed in with a fresh admin token made by the operator CLI. */
export async function adminApi(
  playwright: PlaywrightWorkerArgs["playwright"],
  baseURL: string | undefined,
  tokenName: string,
): Promise<APIRequestContext> {
  const token = rampartCli(["token", "create", "--name", tokenName, "--role", "admin"]);
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
}

/** Adds a RouterOS router reached over the API on 127.0.0.1 as `admin`; returns its id. */
export async function addRouterOsRouter(
  api: APIRequestContext,
  r: { name: string; port: number; password: string; site?: string },
): Promise<string> {
  const router = await api.post("/api/v1/routers", {
    data: { ...routerOsRouterInput(r.name, r.port, r.password), site: r.site ?? "" },
  });
  expect(router.status()).toBe(201);
  return (await router.json()).id as string;
}

/** Creates a blank rule set holding `rules` and assigns it to the router; returns the rule set's id. */
export async function createAssignedRuleSet(
  api: APIRequestContext,
  routerId: string,
  name: string,
  rules: unknown[],
): Promise<string> {
  const created = await api.post("/api/v1/rule-sets", {
    data: { source: "blank", name, content: { rules, addressLists: [] } },
  });
  expect(created.status()).toBe(201);
  const setId = (await created.json()).id as string;
  expect((await api.put(`/api/v1/routers/${routerId}/assignment`, { data: { ruleSetId: setId } })).status()).toBe(200);
  return setId;
}

/**
 * A RouterOS router added, a rule set holding `rules` assigned to it and pushed (revision 1), as one setup step;
 * their ids.
 */
export async function routerOsRouterPushed(
  api: APIRequestContext,
  router: Parameters<typeof addRouterOsRouter>[1],
  ruleSetName: string,
  rules: unknown[],
): Promise<{ routerId: string; setId: string }> {
  const routerId = await addRouterOsRouter(api, router);
  const setId = await createAssignedRuleSet(api, routerId, ruleSetName, rules);
  await pushAndWait(api, setId, routerId);
  return { routerId, setId };
}

/** Previews the rule set for the router, pushes exactly that preview and waits for the batch to be done. */
export async function pushAndWait(api: APIRequestContext, setId: string, routerId: string): Promise<string> {
  const preview = await api.post(`/api/v1/rule-sets/${setId}/previews`, { data: { routerId } });
  expect(preview.status()).toBe(201);
  const pushed = await api.post(`/api/v1/rule-sets/${setId}/push`, {
    data: { routers: [routerId], previewIds: [(await preview.json()).id] },
  });
  expect(pushed.status()).toBe(202);
  const batchId = (await pushed.json()).batchId as string;
  await expect
    .poll(async () => (await (await api.get(`/api/v1/push-batches/${batchId}`)).json()).state, { timeout: 20_000 })
    .toBe("done");
  return batchId;
}
