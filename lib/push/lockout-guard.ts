import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { describeRule } from "@/lib/rules/describe";
import { packetSchema, type Packet } from "@/lib/rules/analysis/packet-schema";
import { testPacket } from "@/lib/rules/analysis/packet-tester";
import type { RuleSetContent } from "@/lib/rules/schema";
import type { LockoutCheck } from "./schemas";

export interface ManagementPath {
  /** The address the router sees Rampart's connection come from (DriverSession.localAddress()). */
  src: string | null;
  /** The router's host as Rampart reaches it (name or address). */
  host: string;
  /** The router's API or SSH port. */
  port: number;
}

const INTERFACE_REASON = /-interface/;

/**
 * Would the new rules drop Rampart's own next connection? The packet is the one a fresh management connection
 * sends: tcp from Rampart's address to the router's address and management port, chain input, state new.
 * Rampart cannot know which interface its packets arrive on, so a drop rule that matches except for an
 * interface is a warning, not a refusal.
 */
export async function checkLockout(content: RuleSetContent, path: ManagementPath): Promise<LockoutCheck> {
  const unchecked = (reason: string): LockoutCheck => ({ checked: false, path: null, blockedBy: null, warnings: [], reason });
  if (!path.src) return unchecked("the connection's local address is unknown, so the management path could not be checked");
  const src = unmapped(path.src);
  const dst = await resolveHost(path.host, isIP(src) === 6 ? 6 : 4);
  if (!dst) return unchecked(`${path.host} did not resolve to an address of the same family as ${src}`);
  const parsed = packetSchema.safeParse({ chain: "input", src, dst, protocol: "tcp", dstPort: path.port, state: "new" } satisfies Packet);
  if (!parsed.success) return unchecked(`the management path ${src} → ${dst}:${path.port} is not a packet the rule model can test`);
  const result = testPacket(content, parsed.data);
  const position = new Map(content.rules.map((r, i) => [r.id, i]));
  const byId = new Map(content.rules.map((r) => [r.id, r]));
  const warnings: string[] = [];
  for (const step of result.trace) {
    const rule = byId.get(step.ruleId);
    if (!rule || step.matched || rule.action === "accept" || !rule.enabled) continue;
    if (step.reasons.length > 0 && step.reasons.every((r) => INTERFACE_REASON.test(r))) {
      warnings.push(`rule ${position.get(rule.id)! + 1} (${describeRule(rule)}) would drop Rampart's connection if it arrives ${rule.inInterface ? `via ${rule.inInterface}` : "on that interface"}`);
    }
  }
  const decider = result.decidedBy === "default-policy" ? null : byId.get(result.decidedBy);
  const blockedBy =
    decider && result.verdict !== "accept"
      ? { ruleId: decider.id, ruleIndex: position.get(decider.id)!, description: describeRule(decider), action: result.verdict }
      : null;
  return { checked: true, path: { src, dst, dstPort: path.port }, blockedBy, warnings, reason: null };
}

/** "::ffff:10.0.0.1" is how a dual-stack socket reports an IPv4 peer. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

async function resolveHost(host: string, family: 4 | 6): Promise<string | null> {
  if (isIP(host)) return isIP(host) === family ? host : null;
  try {
    return (await lookup(host, { family })).address;
  } catch {
    return null;
  }
}

export function lockoutRefusal(check: LockoutCheck): string | null {
  if (!check.blockedBy || !check.path) return null;
  const b = check.blockedBy;
  return `rule ${b.ruleIndex + 1} (${b.description}) would ${b.action} Rampart's own connection from ${check.path.src} to ${check.path.dst} port ${check.path.dstPort}`;
}
