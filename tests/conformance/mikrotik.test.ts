import { afterAll, beforeAll, expect, it } from "vitest";
import { runDriverConformance } from "./driver-conformance";
import { mikrotikFixture } from "./mikrotik-fixture";
import { routerOsAdminTarget } from "../support/routeros-admin-target";

/**
 * The MikroTik driver against the RouterOS API peer: plain API on both sides of the 7.18 `!empty` change and on
 * 6.x, the pre-6.43 challenge login, and API-SSL with a pinned fingerprint, a trusted CA and opt-in anonymous DH.
 * The whole file must run without a single unhandled rejection or uncaughtException.
 */
const unhandled: unknown[] = [];
const uncaught: unknown[] = [];
const onRejection = (e: unknown) => unhandled.push(e);
const onException = (e: unknown) => uncaught.push(e);
beforeAll(() => {
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
});
afterAll(() => {
  process.off("unhandledRejection", onRejection);
  process.off("uncaughtException", onException);
});

runDriverConformance(
  "mikrotik, RouterOS 7.18 (!empty), api",
  mikrotikFixture({ version: "7.18.2 (stable)", transport: "api" }),
);
runDriverConformance("mikrotik, RouterOS 7.17, api", mikrotikFixture({ version: "7.17.2 (stable)", transport: "api" }));
runDriverConformance(
  "mikrotik, RouterOS 6.49, api",
  mikrotikFixture({ version: "6.49.19 (long-term)", transport: "api" }),
);
runDriverConformance(
  "mikrotik, RouterOS 6.42 challenge login, api",
  mikrotikFixture({ version: "6.42.12 (long-term)", transport: "api", legacyLogin: true }),
);
runDriverConformance(
  "mikrotik, api, strictly sequential apply",
  mikrotikFixture({ version: "7.18.2 (stable)", transport: "api", pipelineWindow: 1 }),
);
runDriverConformance(
  "mikrotik, api-ssl, pinned fingerprint",
  mikrotikFixture({ version: "7.18.2 (stable)", transport: "api-ssl", tls: "fingerprint" }),
);
runDriverConformance(
  "mikrotik, api-ssl, trusted CA",
  mikrotikFixture({ version: "7.16.1 (stable)", transport: "api-ssl", tls: "ca" }),
);
runDriverConformance(
  "mikrotik, api-ssl, anonymous DH (opt-in)",
  mikrotikFixture({ version: "7.18.2 (stable)", transport: "api-ssl", tls: "anonymous-dh" }),
);

it("the mikrotik driver offers the push contract: a planner and revert/localAddress on its sessions", async () => {
  const { mikrotikDriver } = await import("../../lib/routers/mikrotik");
  const { startRouterOsPeer } = await import("../peers/routeros");
  expect(Object.keys(mikrotikDriver.planner ?? {})).toEqual(
    expect.arrayContaining(["compare", "compile", "plan", "restorePlan"]),
  );
  const peer = await startRouterOsPeer();
  const s = await mikrotikDriver.connect(routerOsAdminTarget(peer));
  try {
    expect([typeof s.armRevert, typeof s.disarmRevert, typeof s.localAddress]).toEqual([
      "function",
      "function",
      "function",
    ]);
    expect(s.localAddress!()).toBe("127.0.0.1");
  } finally {
    await s.close();
    await peer.close();
  }
});

it("no unhandled rejection or uncaughtException fired during the whole file", async () => {
  // Late events (closing sockets, abandoned library promises) get a moment to surface.
  await new Promise((r) => setTimeout(r, 300));
  expect(unhandled).toEqual([]);
  expect(uncaught).toEqual([]);
});
