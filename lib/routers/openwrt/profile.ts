import type { VendorProfile } from "../driver";

/** OpenWrt is managed over SSH, with a password or a private key; the host key is pinned on first connect. */
export const openWrtProfile: VendorProfile = {
  label: "OpenWrt",
  transports: ["ssh"],
  identity: "ssh-host-key",
  privateKeyLogin: true,
};
