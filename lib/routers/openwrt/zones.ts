/**
 * Interface -> zone, read from the router's own config (fw4 rules name zones, not interfaces):
 * an interface name maps to the enabled `zone` whose `network` (uci interface names such as lan, wan, wan6)
 * or `device` (kernel devices such as eth0, br-lan) contains it. No zone, or more than one, is an error that
 * names the rule and field: guessing a zone could open or close the wrong side of the router.
 */
import type { UciSection } from "./uci-export-parse";
import { INTERFACE_MARKER } from "./compile-rules";
import type { DesiredFirewall } from "../driver";
import { specFromFields } from "./section-spec";

export interface ZoneInfo {
  name: string;
  networks: string[];
  devices: string[];
}

const words = (v: string | string[] | undefined) =>
  [v ?? []]
    .flat()
    .flatMap((x) => x.split(/\s+/))
    .filter(Boolean);
const DISABLED = new Set(["0", "off", "false", "no"]);

export function zonesOf(sections: UciSection[]): ZoneInfo[] {
  return sections
    .filter((s) => s.type === "zone" && typeof s.options.get("name") === "string")
    .filter((s) => !DISABLED.has(String(s.options.get("enabled") ?? "1").toLowerCase()))
    .map((s) => ({
      name: s.options.get("name") as string,
      networks: words(s.options.get("network")),
      devices: words(s.options.get("device")),
    }));
}

/**
 * The zones a push leaves on the router: the live ones, with the zone sections the rule set itself holds (raw
 * zone rules, e.g. an imported stock config pushed to an empty router) in place of live zones of the same name.
 */
export function withDesiredZones(live: ZoneInfo[], desired: DesiredFirewall): ZoneInfo[] {
  const own = zonesOf(
    desired.items
      .filter((i) => i.fields[".type"] === "zone")
      .map((i) => {
        const spec = specFromFields(i.fields, i.key);
        return { type: "zone", name: spec.name, ref: spec.name, options: new Map(spec.options), text: "" };
      }),
  );
  const names = new Set(own.map((z) => z.name));
  return [...live.filter((z) => !names.has(z.name)), ...own];
}

export type ZoneLookup = { ok: true; zone: string } | { ok: false; message: string };

export function zoneForInterface(zones: ZoneInfo[], iface: string): ZoneLookup {
  const hits = zones.filter((z) => z.networks.includes(iface) || z.devices.includes(iface));
  if (hits.length === 1) return { ok: true, zone: hits[0].name };
  const known = zones.map((z) => `${z.name}: ${[...z.networks, ...z.devices].join(", ") || "nothing"}`).join("; ");
  if (hits.length === 0)
    return {
      ok: false,
      message: `interface '${iface}' is in no firewall zone on this router (zones: ${known || "none"})`,
    };
  return {
    ok: false,
    message: `interface '${iface}' is in more than one firewall zone (${hits.map((z) => z.name).join(", ")}); OpenWrt rules name one zone`,
  };
}

/** Replaces `@interface:<name>` markers in src/dest by zone names; the first failure names its option. */
export function resolveZoneFields(
  fields: Record<string, string>,
  zones: ZoneInfo[],
): { ok: true; fields: Record<string, string> } | { ok: false; option: "src" | "dest"; message: string } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) {
    if ((k === "src" || k === "dest") && v.startsWith(INTERFACE_MARKER)) {
      const r = zoneForInterface(zones, v.slice(INTERFACE_MARKER.length));
      if (!r.ok) return { ok: false, option: k, message: r.message };
      out[k] = r.zone;
    } else out[k] = v;
  }
  return { ok: true, fields: out };
}
