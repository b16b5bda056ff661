import type { VendorProfile } from "../driver";
import { checkRawSection, isListOption, RAW_NAT_TYPES, RAW_SECTION_SPECS, rawSectionChain } from "./raw-grammar";

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
  rawGrammar: {
    types: Object.keys(RAW_SECTION_SPECS),
    // a raw NAT rule is one redirect or nat section, pushed verbatim (compile-nat.ts)
    natTypes: RAW_NAT_TYPES,
    familyIsTable: false,
    hint: "One option=value a line; repeat a list option's name for each item.",
    check: (type, props) => checkRawSection(type, props),
    isListOption,
    chainOf: rawSectionChain,
  },
};
