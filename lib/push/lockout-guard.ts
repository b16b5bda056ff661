import { interfaceMatchText } from "@/lib/rules/interface-roles";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { describeRule } from "@/lib/rules/describe";
import { packetSchema, type Packet } from "@/lib/rules/analysis/packet-schema";
import { throughPortForwards } from "@/lib/rules/analysis/nat-tester";
import { ruleMatcher, testPacket } from "@/lib/rules/analysis/packet-tester";
import { natRulesOf } from "@/lib/rules/make-nat-rule";
import type { RuleSetContent } from "@/lib/rules/schema";
import type { NatChainRow, ResultingChain } from "@/lib/routers/driver";
import { rowDescription, rowName, walkChain } from "./chain-walk";
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
 * Would the push drop Rampart's own next connection? The packet is the one a fresh management connection
 * sends: tcp from Rampart's address to the router's address and management port, chain input, state new.
 *
 * With `chain` (the router's chain as it will be after the push, from the vendor's planner) the whole chain is
 * walked: the router's own and built-in rows in their real places, Rampart's among them. Rows that cannot be
 * evaluated and might refuse the packet are listed as undecided, and then the path is not called open. Without
 * it only Rampart's rules are evaluated, and the result says so (`wholeChain: false`).
 * Rampart cannot know which interface its packets arrive on, so a drop rule that matches except for an
 * interface is a warning, not a refusal. Destination NAT comes first (walkDstnat, docs/nat.md "Lockout guard").
 */
export async function checkLockout(
  content: RuleSetContent,
  path: ManagementPath,
  chain?: ResultingChain,
): Promise<LockoutCheck> {
  const unchecked = (reason: string): LockoutCheck => ({
    checked: false,
    path: null,
    blockedBy: null,
    undecided: [],
    wholeChain: false,
    warnings: [],
    reason,
  });
  if (!path.src)
    return unchecked("the connection's local address is unknown, so the management path could not be checked");
  const src = unmapped(path.src);
  const dst = await resolveHost(path.host, isIP(src) === 6 ? 6 : 4);
  if (!dst) return unchecked(`${path.host} did not resolve to an address of the same family as ${src}`);
  const parsed = packetSchema.safeParse({
    chain: "input",
    src,
    dst,
    protocol: "tcp",
    dstPort: path.port,
    state: "new",
  } satisfies Packet);
  if (!parsed.success)
    return unchecked(`the management path ${src} → ${dst}:${path.port} is not a packet the rule model can test`);
  const number = new Map(content.rules.map((r, i) => [r.id, i + 1]));
  const forwarded = chain?.dstnat ? walkDstnat(chain, content, parsed.data) : portForwardOf(content, parsed.data);
  if (forwarded.blockedBy)
    return {
      checked: true,
      path: { src, dst, dstPort: path.port },
      blockedBy: forwarded.blockedBy,
      undecided: forwarded.undecided,
      wholeChain: false,
      warnings: forwarded.warnings,
      reason: null,
    };
  if (chain) {
    const walk = walkChain(chain, forwarded.packet);
    const name = (row: Parameters<typeof rowName>[0]) =>
      rowName(row, row.ruleId ? (number.get(row.ruleId) ?? null) : null);
    const d = walk.decidedBy;
    const blockedBy =
      walk.verdict === "drop" || walk.verdict === "reject"
        ? d
          ? {
              ruleId: d.ruleId,
              ruleIndex: d.ruleId ? number.get(d.ruleId)! - 1 : d.position - 1,
              description: rowDescription(d),
              action: walk.verdict,
              origin: d.origin,
              name: name(d),
            }
          : {
              ruleId: null,
              ruleIndex: -1,
              description: `the ${parsed.data.chain} chain's policy`,
              action: walk.verdict,
              origin: "built-in" as const,
              name: `the ${parsed.data.chain} chain's policy (${walk.verdict} what no rule decides)`,
            }
        : null;
    return {
      checked: true,
      path: { src, dst, dstPort: path.port },
      blockedBy,
      undecided: [
        ...forwarded.undecided,
        ...walk.undecided.map((u) => ({
          name: u.row ? name(u.row) : `the ${parsed.data.chain} chain's policy`,
          reason: u.reason,
        })),
      ],
      wholeChain: true,
      warnings: [
        ...forwarded.warnings,
        ...walk.interfaceOnly.map(
          (row) =>
            `${name(row)} would drop Rampart's connection if it arrives ${row.rule?.inInterface ? `via ${interfaceMatchText(row.rule.inInterface)}` : "on that interface"}`,
        ),
      ],
      reason: null,
    };
  }
  const result = testPacket(content, parsed.data);
  const byId = new Map(content.rules.map((r) => [r.id, r]));
  const ruleName = (id: string) =>
    `Rampart's rule #${number.get(id)}${byId.get(id)!.comment ? ` (${byId.get(id)!.comment})` : ""}`;
  const warnings: string[] = [...forwarded.warnings];
  for (const step of result.trace) {
    const rule = byId.get(step.ruleId);
    if (!rule || step.matched || rule.action === "accept" || !rule.enabled) continue;
    if (step.reasons.length > 0 && step.reasons.every((r) => INTERFACE_REASON.test(r))) {
      warnings.push(
        `${ruleName(rule.id)} would drop Rampart's connection if it arrives ${rule.inInterface ? `via ${interfaceMatchText(rule.inInterface)}` : "on that interface"}`,
      );
    }
  }
  const decider = result.decidedBy === "default-policy" ? null : byId.get(result.decidedBy);
  const blockedBy =
    decider && result.verdict !== "accept"
      ? {
          ruleId: decider.id,
          ruleIndex: number.get(decider.id)! - 1,
          description: describeRule(decider),
          action: result.verdict,
          origin: "rampart" as const,
          name: ruleName(decider.id),
        }
      : null;
  return {
    checked: true,
    path: { src, dst, dstPort: path.port },
    blockedBy,
    undecided: [],
    wholeChain: false,
    warnings,
    reason: null,
  };
}

/**
 * The rule set's port forwards meet Rampart's connection before any filter rule (prerouting dstnat): the first
 * enabled one that matches it sends it to the inside host, and Rampart loses the router as surely as by a drop.
 * One that matches but for the interface is a warning, as for filter rules. For a vendor whose resulting chain
 * does not list its dstnat rows (walkDstnat), only the rule set's own forwards are known.
 */
function portForwardOf(content: RuleSetContent, packet: Packet): Forwarded {
  const nat = natRulesOf(content);
  const index = new Map(nat.map((n, i) => [n.id, i]));
  const label = (i: number) => `NAT rule #${i + 1}${nat[i].comment ? ` (${nat[i].comment})` : ""}`;
  const target = (i: number) => `${nat[i].toAddress}:${nat[i].toPort ?? packet.dstPort}`;
  const { matched, trace, undecided: rawIds } = throughPortForwards(content, packet);
  // raw NAT rules met before the answer might redirect the connection first: the path is then unknown
  const undecided = rawIds.map((id) => ({
    name: label(index.get(id)!),
    reason: "a vendor raw NAT rule, which Rampart cannot evaluate",
  }));
  // Forwards that match but for the interface (disabled ones say "rule is disabled": never a warning).
  const warnings = trace
    .filter((t) => !t.matched && t.reasons.every((r) => INTERFACE_REASON.test(r)))
    .map((t) => {
      const i = index.get(t.ruleId)!;
      const via = nat[i].inInterface ? `via ${nat[i].inInterface}` : "on that interface";
      return `${label(i)} would redirect Rampart's connection to ${target(i)} if it arrives ${via}`;
    });
  if (!matched) return { blockedBy: null, warnings, undecided, packet };
  const i = index.get(matched.ruleId)!;
  return {
    packet,
    undecided,
    blockedBy: {
      ruleId: matched.ruleId,
      // its place among the NAT rules: the name says so, the filter rules' numbers do not apply
      ruleIndex: i,
      description: `port forward to ${matched.to}`,
      action: "redirect",
      origin: "rampart",
      name: `${label(i)}, a port forward to ${target(i)},`,
    },
    warnings,
  };
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
  return `${b.name || `rule #${b.ruleIndex + 1}`} would ${b.action} Rampart's own connection from ${check.path.src} to ${check.path.dst} port ${check.path.dstPort}`;
}

/** The deployment log's line for a check that did not refuse: "stays open" only when nothing is left undecided. */
export function lockoutVerdictLine(check: LockoutCheck): { level: "info" | "warn"; message: string } {
  if (!check.checked || !check.path) return { level: "warn", message: `management path not checked: ${check.reason}` };
  const p = `management path ${check.path.src} → ${check.path.dst} port ${check.path.dstPort}`;
  if (check.undecided.length > 0) {
    const first = check.undecided[0];
    const more = check.undecided.length > 1 ? ` (and ${check.undecided.length - 1} more)` : "";
    return {
      level: "warn",
      message: `${p}: unknown, ${first.name} might drop it and cannot be evaluated: ${first.reason}${more}`,
    };
  }
  if (!check.wholeChain)
    return {
      level: "warn",
      message: `${p} stays open as far as Rampart's own rules go; the router's own rules were not evaluated`,
    };
  return { level: "info", message: `${p} stays open` };
}

/** What destination NAT makes of Rampart's connection before the filter sees it. */
interface Forwarded {
  /** A row that sends the connection away from the router: a lockout as sure as a drop. */
  blockedBy: LockoutCheck["blockedBy"];
  warnings: string[];
  undecided: LockoutCheck["undecided"];
  /** The packet the filter sees (its port rewritten when a row redirects it to another port of the router). */
  packet: Packet;
}

/**
 * The router's dstnat chain after the push, the router's own rows and the rule set's in their real places: a row
 * that rewrites Rampart's connection to another host refuses the push; one that redirects it to another port of
 * the router (reaching the API through a forwarded port is common) changes the port the filter is checked for.
 * A row that cannot be evaluated, or acts in a way the model does not hold, and might match leaves the path
 * unknown.
 */
function walkDstnat(chain: ResultingChain, content: RuleSetContent, packet: Packet): Forwarded {
  const lists = chain.addressLists.find((l) => l.family === "ipv4")?.lists ?? [];
  const mismatches = ruleMatcher(packet, lists);
  const natIndex = new Map(natRulesOf(content).map((n, i) => [n.id, i]));
  const name = (row: NatChainRow) =>
    row.origin === "rampart"
      ? `NAT rule #${(natIndex.get(row.ruleId ?? "") ?? -1) + 1}${row.label ? ` (${row.label})` : ""}`
      : `the router's own rule #${row.position} of dstnat${row.label ? ` (${row.label})` : ""}`;
  const warnings: string[] = [];
  const undecided: LockoutCheck["undecided"] = [];
  for (const row of chain.dstnat ?? []) {
    if (row.effect.kind === "continue") continue;
    const tried = row.matches?.map((m) => ({ m, reasons: mismatches(m) })) ?? null;
    if (tried && !tried.some((t) => t.reasons.length === 0)) {
      // no match takes the packet; one kept from it only by an interface is a warning
      const near = tried.find((t) => t.reasons.every((r) => INTERFACE_REASON.test(r)))?.m;
      if (near && row.effect.kind === "rewrite") {
        const to = `${row.effect.toAddress ?? "the router"}:${row.effect.toPort ?? packet.dstPort}`;
        const via = near.inInterface ? `via ${interfaceMatchText(near.inInterface)}` : "on that interface";
        warnings.push(`${name(row)} would redirect Rampart's connection to ${to} if it arrives ${via}`);
      }
      continue;
    }
    if (!tried || row.effect.kind === "other") {
      undecided.push({
        name: name(row),
        reason: row.unevaluable ?? `action ${row.effect.kind === "other" ? row.effect.action : ""} is not modelled`,
      });
      continue;
    }
    if (row.effect.kind === "stop") break;
    const to = { address: row.effect.toAddress ?? packet.dst, port: row.effect.toPort ?? packet.dstPort };
    if (row.effect.toAddress !== null && row.effect.toAddress !== packet.dst)
      return {
        blockedBy: {
          ruleId: row.ruleId,
          ruleIndex: row.origin === "rampart" ? (natIndex.get(row.ruleId ?? "") ?? -1) : row.position - 1,
          description: `port forward to ${to.address}:${to.port}`,
          action: "redirect",
          origin: row.origin,
          name: `${name(row)}, a port forward to ${to.address}:${to.port},`,
        },
        warnings,
        undecided,
        packet,
      };
    if (to.port !== packet.dstPort)
      warnings.push(
        `${name(row)} redirects Rampart's connection to port ${to.port} of the router: the filter is checked for that port`,
      );
    return { blockedBy: null, warnings, undecided, packet: { ...packet, dstPort: to.port } };
  }
  return { blockedBy: null, warnings, undecided, packet };
}
