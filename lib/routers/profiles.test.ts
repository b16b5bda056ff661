import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { routerInputSchema } from "@/lib/inventory/router-schema";
import type { Vendor } from "./driver";
import { isVendor, parseVendor, pinsHostKey, UnknownVendorError, VENDORS as LISTED, vendorProfile } from "./profiles";
import { getDriver } from "./registry";

const root = path.resolve(import.meta.dirname, "../..");
const VENDORS: Vendor[] = ["mikrotik", "openwrt"];

/** A vendor name compared or switched on: `x === "openwrt"`, `"mikrotik" !== y`, `case "openwrt":`. */
const VENDOR_COMPARISON =
  /[!=]==?\s*["'](mikrotik|openwrt)["']|["'](mikrotik|openwrt)["']\s*[!=]==?|case\s+["'](mikrotik|openwrt)["']\s*:/;

const V = `["'](?:mikrotik|openwrt)["']`;
/**
 * A list of vendors written out: a vendor name next to another string in an array, enum or union
 * (`["mikrotik", "openwrt"]`, `z.enum(["openwrt"])`, `"mikrotik" | "openwrt"`), a cast to one
 * (`as "openwrt"`), or an object keyed by vendor (`{ mikrotik: ..., openwrt: ... }`). Over whole files, so a
 * list spread over several lines counts too.
 */
const VENDOR_LIST = new RegExp(
  [
    `${V}\\s*[,|]\\s*["'][\\w.-]*["']`,
    `["'][\\w.-]*["']\\s*[,|]\\s*${V}`,
    `\\[\\s*${V}\\s*\\]`,
    `\\b(?:enum|literal)\\(\\s*${V}`,
    `\\bas\\s+${V}`,
    `(?:^|[{,])\\s*["']?(?:mikrotik|openwrt)["']?\\s*:(?!:)`,
  ].join("|"),
  "m",
);

/**
 * Where vendor names are written out of necessity and are not checked: lib/routers (the vendors themselves),
 * lib/generated (Prisma's client), and, by not being scanned, prisma/ (schema, migrations), tests, bench and
 * docs. Seed data (scripts/demo-routers.ts) names one vendor per router and so matches neither pattern.
 */
const SCANNED = ["app", "lib", "components", "bin", "scripts"];
const NOT_CHECKED = ["lib/routers/", "lib/generated/"];

/** Files outside lib/routers that still compare or list vendor names. Shrink it; never grow it. */
const ALLOWED: string[] = [];

function sourceFiles(): string[] {
  return SCANNED.flatMap((d) =>
    readdirSync(path.join(root, d), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
      .map((e) => path.relative(root, path.join(e.parentPath, e.name))),
  ).filter((f) => !NOT_CHECKED.some((n) => f.startsWith(n)));
}

describe("vendor profiles", () => {
  it("each driver declares the same profile the client-safe list gives", () => {
    for (const v of VENDORS) expect(getDriver(v).profile, v).toBe(vendorProfile(v));
  });

  it("OpenWrt pins its SSH host key and may log in with a key; RouterOS does neither", () => {
    expect(
      VENDORS.map((v) => [v, pinsHostKey(v), vendorProfile(v).privateKeyLogin, vendorProfile(v).transports]),
    ).toEqual([
      ["mikrotik", false, false, ["api", "api-ssl"]],
      ["openwrt", true, true, ["ssh"]],
    ]);
    const base = {
      name: "r",
      host: "10.0.0.1",
      username: "root",
      password: "",
      site: "",
      tags: [],
      notes: "",
      tlsMode: "verify",
    };
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----";
    expect(
      routerInputSchema.safeParse({ ...base, vendor: "openwrt", transport: "ssh", port: 22, privateKey: key }).success,
    ).toBe(true);
    const refused = routerInputSchema.safeParse({
      ...base,
      vendor: "mikrotik",
      transport: "api",
      port: 8728,
      privateKey: key,
    });
    expect(refused.success ? [] : refused.error.issues.map((i) => [i.path.join("."), i.message])).toContainEqual([
      "privateKey",
      "SSH keys apply to OpenWrt routers only",
    ]);
    expect(
      routerInputSchema.safeParse({ ...base, vendor: "openwrt", transport: "api", port: 8728, password: "x" }).success,
    ).toBe(false);
  });

  it("no code outside lib/routers compares vendor names; it asks the vendor's profile", () => {
    const offenders = sourceFiles().filter((f) =>
      readFileSync(path.join(root, f), "utf8")
        .split("\n")
        .some((line) => VENDOR_COMPARISON.test(line)),
    );
    expect(offenders).toEqual(ALLOWED);
    expect(VENDOR_COMPARISON.test(`const ssh = input.vendor === "openwrt";`)).toBe(true);
  });

  it("no code outside lib/routers writes out a list, enum, cast or map of vendors; it derives them from lib/routers/profiles.ts", () => {
    const offenders = sourceFiles().filter((f) => VENDOR_LIST.test(readFileSync(path.join(root, f), "utf8")));
    expect(offenders).toEqual(ALLOWED);
    // What the pattern must catch: the lists this test was written against (lib/inventory, lib/api, lib/drift).
    const caught = [
      `export const VENDORS = ["mikrotik", "openwrt"] as const;`,
      `const vendorSchema = z.enum(["mikrotik", "openwrt"]);`,
      `const planner = getDriver(status.router.vendor as "mikrotik" | "openwrt").planner;`,
      `type Vendor =\n  | "openwrt"\n  | "mikrotik";`,
      `const only = z.enum(["openwrt"]);`,
      `const v = z.literal("mikrotik");`,
      `export const TEXT_FORMATS = {\n  mikrotik: { label: "RouterOS script (.rsc)" },\n  openwrt: { label: "OpenWrt UCI export" },\n};`,
    ];
    expect(caught.filter((t) => !VENDOR_LIST.test(t))).toEqual([]);
    // ... and what it must leave alone: one router's vendor in seed data, prose that names a vendor.
    const left = [
      `await register({ name: "demo-ros7", vendor: "mikrotik", host: "127.0.0.1" });`,
      `// (RouterOS: the comment tag; OpenWrt: the section name)`,
      `const vendor = parseVendor(r.vendor);`,
    ];
    expect(left.filter((t) => VENDOR_LIST.test(t))).toEqual([]);
  });

  it("the vendor list is lib/routers/profiles.ts: every listed vendor has a driver; a stored vendor outside it fails by name", () => {
    expect(LISTED).toEqual(VENDORS);
    for (const v of LISTED) expect(getDriver(v).vendor).toBe(v);
    expect(LISTED.map((v) => parseVendor(v))).toEqual(VENDORS);
    expect([isVendor("openwrt"), isVendor("cisco"), isVendor("toString"), isVendor(undefined)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(() => parseVendor("cisco")).toThrow(UnknownVendorError);
    expect(() => parseVendor("OpenWrt")).toThrow(
      "unknown router vendor 'OpenWrt' (this build knows mikrotik, openwrt)",
    );
  });
});
