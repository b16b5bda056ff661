import type { Vendor } from "@/lib/routers/driver";

/**
 * The hand-pasted text each vendor's admins know (what exportText writes and importText reads), as data for the
 * import form and messages: a vendor without an entry fails to compile.
 */
export const TEXT_FORMATS: Record<Vendor, { label: string; noun: string; accept: string; extensions: string[]; hint: string; example: string }> = {
  mikrotik: {
    label: "RouterOS script (.rsc)",
    noun: "RouterOS script",
    accept: ".rsc,text/plain",
    extensions: [".rsc"],
    hint: "Output of /ip firewall export: filter rules and address lists.",
    example: "/ip firewall filter\nadd chain=input action=accept protocol=tcp dst-port=22 comment=ssh",
  },
  openwrt: {
    label: "OpenWrt UCI export",
    noun: "uci export",
    accept: ".conf,.uci,text/plain",
    extensions: [".conf", ".uci"],
    hint: "Output of uci export firewall, or the /etc/config/firewall file.",
    example: "package firewall\n\nconfig rule\n\toption name 'ssh'\n\toption src 'wan'\n\toption proto 'tcp'\n\toption dest_port '22'\n\toption target 'ACCEPT'",
  },
};
