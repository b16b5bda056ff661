import { describe, expect, it } from "vitest";
import type { RouterTarget } from "@/lib/routers/driver";
import type { RouterInput } from "./router-schema";
import { changedSettings, checkSecretForUpdate, decideConnectionTest } from "./stored-secret-use";

const stored: RouterTarget = {
  vendor: "mikrotik",
  host: "10.0.0.1",
  port: 8729,
  transport: "api-ssl",
  username: "admin",
  password: "stored-pw",
  tls: { caPem: "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----" },
  connectTimeoutMs: 5000,
  commandTimeoutMs: 5000,
};
const form: RouterInput = {
  name: "edge",
  vendor: "mikrotik",
  host: "10.0.0.1",
  port: 8729,
  transport: "api-ssl",
  username: "admin",
  site: "",
  tags: [],
  notes: "",
  tlsMode: "verify",
};

describe("changedSettings", () => {
  it.each<[string, Partial<RouterInput>, string[]]>([
    ["nothing (an empty CA field keeps the stored CA)", {}, []],
    ["host", { host: "10.0.0.2" }, ["address"]],
    ["username", { username: "root" }, ["username"]],
    ["TLS mode", { tlsMode: "anonymous-dh" }, ["TLS settings"]],
    ["CA", { tlsCaPem: "-----BEGIN CERTIFICATE-----\nY\n-----END CERTIFICATE-----" }, ["TLS settings"]],
    ["transport", { transport: "api", port: 8729 }, ["address", "TLS settings"]],
  ])("%s", (_what, patch, expected) => {
    expect(changedSettings(stored, { ...form, ...patch })).toEqual(expected);
  });
});

describe("decideConnectionTest", () => {
  it("an admin may test changed TLS settings with the stored secret at the stored endpoint, keeping the pinned values", () => {
    const d = decideConnectionTest("admin", stored, {
      ...form,
      tlsMode: "fingerprint",
      tlsFingerprint: "AB:".repeat(31) + "AB",
    });
    expect(d).toMatchObject({
      ok: true,
      atStoredEndpoint: true,
      target: { password: "stored-pw", tls: { fingerprint256: "AB:".repeat(31) + "AB" } },
    });
  });

  it("an operator gets exactly the stored target, never one built from the form", () => {
    const d = decideConnectionTest("operator", stored, form);
    expect(d.ok && d.target).toBe(stored);
  });

  it("a typed secret never travels with the stored one", () => {
    const d = decideConnectionTest(
      "admin",
      { ...stored, vendor: "openwrt", transport: "ssh", port: 22, password: undefined, privateKey: "KEY" },
      { ...form, vendor: "openwrt", transport: "ssh", port: 22, password: "typed" },
    );
    expect(d.ok && d.target).toMatchObject({ password: "typed", privateKey: undefined });
  });
});

describe("checkSecretForUpdate", () => {
  it.each<[string, Partial<RouterInput>, boolean]>([
    ["same endpoint, no secret", { username: "root", notes: "x" }, true],
    ["new port, no secret", { port: 18729 }, false],
    ["new vendor, no secret", { vendor: "openwrt", transport: "ssh" }, false],
    ["new host with the password typed again", { host: "10.0.0.9", password: "pw" }, true],
  ])("%s", (_what, patch, ok) => {
    expect(checkSecretForUpdate(stored, { ...form, ...patch }).ok).toBe(ok);
  });
});
