import type { VendorProfile } from "../driver";

/** RouterOS is managed over its API (plain or TLS) with a password; TLS proves the router by certificate. */
export const mikrotikProfile: VendorProfile = {
  label: "MikroTik RouterOS",
  transports: ["api", "api-ssl"],
  identity: "tls-certificate",
  privateKeyLogin: false,
  roleTargets: ["interface-list", "interface"],
  textFormat: {
    label: "RouterOS script (.rsc)",
    noun: "RouterOS script",
    accept: ".rsc,text/plain",
    extensions: [".rsc"],
    hint: "Output of /ip firewall export: filter rules and address lists.",
    example: "/ip firewall filter\nadd chain=input action=accept protocol=tcp dst-port=22 comment=ssh",
  },
};
