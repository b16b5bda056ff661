import type { TextFormat, Vendor } from "@/lib/routers/driver";
import { VENDORS, vendorProfile } from "@/lib/routers/profiles";

/**
 * The hand-pasted text each vendor's admins know (what exportText writes and importText reads), for the import
 * form and messages: read from the vendors' profiles (lib/routers/<vendor>/profile.ts), so a new vendor brings its own.
 */
export const TEXT_FORMATS = Object.fromEntries(VENDORS.map((v) => [v, vendorProfile(v).textFormat])) as Record<
  Vendor,
  TextFormat
>;
