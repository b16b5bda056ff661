import type { VendorProfile } from "../driver";

/** OpenWrt is managed over SSH, with a password or a private key; the host key is pinned on first connect. */
export const openWrtProfile: VendorProfile = {
  label: "OpenWrt",
  transports: ["ssh"],
  identity: "ssh-host-key",
  privateKeyLogin: true,
  roleTargets: ["zone", "device"],
  textFormat: {
    label: "OpenWrt UCI export",
    noun: "uci export",
    accept: ".conf,.uci,text/plain",
    extensions: [".conf", ".uci"],
    hint: "Output of uci export firewall, or the /etc/config/firewall file.",
    example:
      "package firewall\n\nconfig rule\n\toption name 'ssh'\n\toption src 'wan'\n\toption proto 'tcp'\n\toption dest_port '22'\n\toption target 'ACCEPT'",
  },
};
