import type { VendorProfile } from "../driver";
import { checkRawFilter, checkRawNat, rawFilterChain } from "./raw-grammar";

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
    hint: "Output of /ip firewall export: filter rules, NAT rules and address lists.",
    example: "/ip firewall filter\nadd chain=input action=accept protocol=tcp dst-port=22 comment=ssh",
  },
  rawGrammar: {
    types: ["filter"],
    natTypes: ["nat"],
    familyIsTable: true,
    hint: "One property=value a line, as in /ip firewall filter (or /ip firewall nat).",
    check: (type, props, family) =>
      type === "nat"
        ? checkRawNat(props)
        : type !== "filter"
          ? [{ prop: "type", message: "a RouterOS raw rule is a filter row (type filter) or a NAT row (type nat)" }]
          : family === "both"
            ? [{ prop: "family", message: "a RouterOS raw rule lives in one table: choose IPv4 (/ip) or IPv6 (/ipv6)" }]
            : checkRawFilter(props, family),
    isListOption: () => false,
    chainOf: (_type, props) => rawFilterChain(props),
  },
};
