import type { VendorProfile } from "./driver";
import { mikrotikProfile } from "./mikrotik/profile";
import { openWrtProfile } from "./openwrt/profile";

/**
 * The list of vendors: one line per vendor folder. Everything else that names vendors is derived from it: the
 * `Vendor` type, `VENDORS`, the inventory's and the API's vendor enums, the text formats. It holds the profiles
 * only, without the drivers' code (ssh2, node-routeros), so forms in the browser can read it too; registry.ts maps
 * the same vendors to their drivers (a `Record<Vendor, Driver>`, so it fails to compile until the driver is
 * there) and lib/routers/profiles.test.ts checks both carry the same profile.
 */
const PROFILES = {
  mikrotik: mikrotikProfile,
  openwrt: openWrtProfile,
} satisfies Record<string, VendorProfile>;

export type Vendor = keyof typeof PROFILES;

/** Every vendor, in the order forms offer them (the first is the form's default). Non-empty, for z.enum. */
export const VENDORS = Object.keys(PROFILES) as [Vendor, ...Vendor[]];

export function isVendor(value: unknown): value is Vendor {
  return typeof value === "string" && Object.hasOwn(PROFILES, value);
}

/** A vendor name read back from storage that no driver knows (a row written by another build, a hand edit). */
export class UnknownVendorError extends Error {
  constructor(readonly stored: string) {
    super(`unknown router vendor '${stored}' (this build knows ${VENDORS.join(", ")})`);
    this.name = "UnknownVendorError";
  }
}

/** A stored vendor, checked against the list: an unknown one fails here, by name, never reads as another vendor. */
export function parseVendor(stored: string): Vendor {
  if (!isVendor(stored)) throw new UnknownVendorError(stored);
  return stored;
}

export function vendorProfile(vendor: Vendor): VendorProfile {
  return PROFILES[vendor];
}

/** The router's SSH host key is pinned on first connect and stored with it. */
export function pinsHostKey(vendor: Vendor): boolean {
  return PROFILES[vendor].identity === "ssh-host-key";
}
