import type { DesiredFirewall, RouterTarget } from "@/lib/routers/driver";
import type { RuleSetContent } from "@/lib/rules/schema";
import type { OpenWrtPeer } from "@/tests/peers/openwrt/start-openwrt-peer";
import { openWrtPlanner } from "@/lib/routers/openwrt/planner";

/** What the OpenWrt driver tests share (the RouterOS ones have mikrotik-peer-kit.ts). */

export function desiredOf(c: RuleSetContent): DesiredFirewall {
  const r = openWrtPlanner.compile(c);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.desired;
}

/** The stand-in as a router target, with its pinned host key. */
export function targetOf(p: OpenWrtPeer, extra: Partial<RouterTarget> = {}): RouterTarget {
  return {
    vendor: "openwrt",
    transport: "ssh",
    host: p.host,
    port: p.port,
    username: p.username,
    password: p.password,
    hostKeyFingerprint: p.hostKeyFingerprint,
    ...extra,
  };
}
