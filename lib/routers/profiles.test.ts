import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routerInputSchema } from "@/lib/inventory/router-schema";
import type { Vendor } from "./driver";
import { pinsHostKey, vendorProfile } from "./profiles";
import { getDriver } from "./registry";

const root = path.resolve(import.meta.dirname, "../..");
const VENDORS: Vendor[] = ["mikrotik", "openwrt"];

/** A vendor name compared or switched on: `x === "openwrt"`, `"mikrotik" !== y`, `case "openwrt":`. */
const VENDOR_COMPARISON = /[!=]==?\s*["'](mikrotik|openwrt)["']|["'](mikrotik|openwrt)["']\s*[!=]==?|case\s+["'](mikrotik|openwrt)["']\s*:/;

/** Files outside lib/routers that still compare vendor names. Shrink it; never grow it. */
const ALLOWED: string[] = [];

describe("vendor profiles", () => {
  it("each driver declares the same profile the client-safe list gives", () => {
    for (const v of VENDORS) expect(getDriver(v).profile, v).toBe(vendorProfile(v));
  });

  it("OpenWrt pins its SSH host key and may log in with a key; RouterOS does neither", () => {
    expect(VENDORS.map((v) => [v, pinsHostKey(v), vendorProfile(v).privateKeyLogin, vendorProfile(v).transports])).toEqual([
      ["mikrotik", false, false, ["api", "api-ssl"]],
      ["openwrt", true, true, ["ssh"]],
    ]);
    const base = { name: "r", host: "10.0.0.1", username: "root", password: "", site: "", tags: [], notes: "", tlsMode: "verify" };
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----";
    expect(routerInputSchema.safeParse({ ...base, vendor: "openwrt", transport: "ssh", port: 22, privateKey: key }).success).toBe(true);
    const refused = routerInputSchema.safeParse({ ...base, vendor: "mikrotik", transport: "api", port: 8728, privateKey: key });
    expect(refused.success ? [] : refused.error.issues.map((i) => [i.path.join("."), i.message])).toContainEqual(["privateKey", "SSH keys apply to OpenWrt routers only"]);
    expect(routerInputSchema.safeParse({ ...base, vendor: "openwrt", transport: "api", port: 8728, password: "x" }).success).toBe(false);
  });

  it("no code outside lib/routers compares vendor names; it asks the vendor's profile", () => {
    const files = ["app", "lib", "components", "bin", "scripts"].flatMap((d) =>
      readdirSync(path.join(root, d), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
        .map((e) => path.relative(root, path.join(e.parentPath, e.name))),
    );
    const offenders = files
      .filter((f) => !f.startsWith("lib/routers/") && !f.startsWith("lib/generated/"))
      .filter((f) => readFileSync(path.join(root, f), "utf8").split("\n").some((line) => VENDOR_COMPARISON.test(line)));
    expect(offenders).toEqual(ALLOWED);
    expect(VENDOR_COMPARISON.test(`const ssh = input.vendor === "openwrt";`)).toBe(true);
  });
});
