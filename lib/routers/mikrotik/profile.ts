import type { VendorProfile } from "../driver";

/** RouterOS is managed over its API (plain or TLS) with a password; TLS proves the router by certificate. */
export const mikrotikProfile: VendorProfile = {
  label: "MikroTik RouterOS",
  transports: ["api", "api-ssl"],
  identity: "tls-certificate",
  privateKeyLogin: false,
};
