import type { NatRule } from "@/lib/rules/schema";
import type { LiveFirewallItem } from "../driver";
import { addressesOfRow, portsOfRow, protocolOfRow, type Skip } from "./row-matches";
import { isReadOnly, NAT_WRITE_ORDER } from "./firewall-props";
import { parseManagedComment } from "./managed-comment";

const NAT_PROPS = new Set(NAT_WRITE_ORDER);

/**
 * A /ip/firewall/nat row as a NAT rule (the inverse of compile-nat.ts): `dstnat dst-nat` is a port forward,
 * `srcnat masquerade` masquerade, `srcnat src-nat` source NAT to an address. Anything else (another action, a
 * port range to translate to, ipsec-policy, interface lists, ...) the NAT model cannot hold: the Skip names the
 * property, and decompile-firewall.ts keeps the row as a raw NAT rule instead (raw-rules.ts rawNatOfRow).
 */
export function natOfRow(i: LiveFirewallItem): Omit<NatRule, "id"> | Skip {
  const raw = i.raw;
  if (raw.invalid === "true") return { field: "invalid", reason: "the router marks this rule invalid" };
  for (const prop of Object.keys(raw))
    // every row prints log-prefix="", which says nothing; a NAT rule has no prefix of its own
    if (!isReadOnly(prop) && (!NAT_PROPS.has(prop) || (prop === "log-prefix" && raw[prop] !== "")))
      return { field: prop, reason: `${prop}=${raw[prop]}: Rampart's NAT rules have no such field` };
  const kind =
    raw.chain === "dstnat" && raw.action === "dst-nat"
      ? "port-forward"
      : raw.chain === "srcnat" && raw.action === "masquerade"
        ? "masquerade"
        : raw.chain === "srcnat" && raw.action === "src-nat"
          ? "snat"
          : null;
  if (!kind)
    return {
      field: "action",
      reason: `${raw.chain ?? "(no chain)"} ${raw.action ?? "accept"}: Rampart's NAT rules are dst-nat, masquerade and src-nat`,
    };
  const match = matchOfRow(raw);
  if ("reason" in match) return match;
  const toPorts = raw["to-ports"];
  if (toPorts !== undefined && !/^\d{1,5}$/.test(toPorts))
    return { field: "to-ports", reason: `to-ports=${toPorts}: Rampart forwards to one port` };
  const managed = parseManagedComment(raw.comment);
  return {
    kind,
    family: "ipv4",
    ...match,
    toAddress: kind === "masquerade" ? "" : (raw["to-addresses"] ?? ""),
    toPort: toPorts === undefined ? null : Number(toPorts),
    log: raw.log === "true" || raw.log === "yes",
    comment: i.managedId !== null && managed ? managed.adminComment : (raw.comment ?? ""),
    enabled: !(raw.disabled === "true" || raw.disabled === "yes"),
  };
}

type NatMatch = Pick<NatRule, "protocol" | "src" | "dst" | "dstPorts" | "inInterface" | "outInterface">;

function matchOfRow(raw: Record<string, string>): NatMatch | Skip {
  const protocol = protocolOfRow(raw);
  if (typeof protocol === "object") return protocol;
  const sides = addressesOfRow(raw);
  if ("reason" in sides) return sides;
  const ports = portsOfRow(raw);
  if ("reason" in ports) return ports;
  if (ports.src.length) return { field: "src-port", reason: "a NAT rule matching source ports cannot be expressed" };
  for (const prop of ["in-interface", "out-interface"])
    if (raw[prop]?.startsWith("!")) return { field: prop, reason: `${prop}=${raw[prop]}: a negated interface` };
  return {
    protocol,
    src: sides.src,
    dst: sides.dst,
    dstPorts: ports.dst,
    inInterface: raw["in-interface"] ?? null,
    outInterface: raw["out-interface"] ?? null,
  };
}

/** What matching a dstnat row needs besides the NAT rule's own fields; anything else makes the row unevaluable. */
const TO_PROPS = new Set(["to-addresses", "to-ports"]);

/**
 * What a dstnat row of any action matches, for the lockout guard (a redirect of the management port to the
 * router's own service is the common foreign row). The packet it is asked of is addressed to the router, so
 * `dst-address-type=local` matches it; an interface list is an interface condition like an interface, which the
 * packet cannot name either. Any other property the model has no word for makes the row unevaluable.
 */
export function dstnatMatchOfRow(raw: Record<string, string>): NatMatch | Skip {
  const rest: Record<string, string> = {};
  for (const [prop, value] of Object.entries(raw)) {
    if (isReadOnly(prop) || TO_PROPS.has(prop) || prop === "action" || prop === "log-prefix") continue;
    if (prop === "dst-address-type") {
      if (value === "local") continue;
      return { field: prop, reason: `${prop}=${value}: which packets to the router it matches is not modelled` };
    }
    if (prop === "in-interface-list" || prop === "out-interface-list") {
      rest[prop.replace("-list", "")] = value;
      continue;
    }
    if (!NAT_PROPS.has(prop))
      return { field: prop, reason: `${prop}=${value}: a matcher the rule model does not understand` };
    rest[prop] = value;
  }
  return matchOfRow(rest);
}
