import type { Vendor, VendorProfile } from "./driver";
import { mikrotikProfile } from "./mikrotik/profile";
import { openWrtProfile } from "./openwrt/profile";

/**
 * vendor -> profile, without the drivers' code (ssh2, node-routeros), so forms in the browser can read it too.
 * The drivers carry the same objects (registry.ts); lib/routers/profiles.test.ts checks they agree.
 */
const PROFILES: Record<Vendor, VendorProfile> = {
  mikrotik: mikrotikProfile,
  openwrt: openWrtProfile,
};

export function vendorProfile(vendor: Vendor): VendorProfile {
  return PROFILES[vendor];
}

/** The router's SSH host key is pinned on first connect and stored with it. */
export function pinsHostKey(vendor: Vendor): boolean {
  return PROFILES[vendor].identity === "ssh-host-key";
}
