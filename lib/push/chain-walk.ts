import { interfaceMatchText } from "@/lib/rules/interface-roles";
import { parseAddressSpec } from "@/lib/rules/address";
import { describeRule } from "@/lib/rules/describe";
import type { Packet } from "@/lib/rules/analysis/packet-schema";
import { ruleMatcher } from "@/lib/rules/analysis/packet-tester";
import type { AddressMatch, Rule } from "@/lib/rules/schema";
import type { ChainRow, ResultingChain } from "@/lib/routers/driver";

/**
 * One packet down the router's chain as it will be after a push (ResultingChain, vendor-neutral): first row that
 * decides wins, rows that never decide are passed, rows that cannot be evaluated are listed as undecided when
 * they might refuse the packet (conservative: the walk goes on, and the caller must not claim the path open).
 */
export interface ChainWalk {
  /** The row that decides, or null when the chain's policy does. */
  decidedBy: ChainRow | null;
  verdict: "accept" | "drop" | "reject" | "unknown";
  undecided: { row: ChainRow | null; reason: string }[];
  /** Refusing rows that match except for an interface the packet cannot name. */
  interfaceOnly: ChainRow[];
  /** Accepting rows that match except for an interface the packet cannot name. */
  interfaceOnlyAccepts: ChainRow[];
}

const INTERFACE_REASON = /-interface/;

export function walkChain(chain: ResultingChain, packet: Packet): ChainWalk {
  const family = parseAddressSpec(packet.src);
  if (!family.ok) throw new Error(`walkChain needs a packet checked by packetSchema (${packet.src})`);
  const lists = chain.addressLists.find((l) => l.family === family.family) ?? { lists: [], unevaluable: [] };
  const badList = new Map(lists.unevaluable.map((u) => [u.name, u.reason]));
  const mismatches = ruleMatcher(packet, lists.lists);
  const undecided: ChainWalk["undecided"] = [];
  const interfaceOnly: ChainRow[] = [];
  const interfaceOnlyAccepts: ChainRow[] = [];
  for (const row of chain.rows) {
    if (row.family !== family.family || row.chain !== packet.chain || row.verdict === "continue") continue;
    const listReason = row.rule ? unevaluableList(row.rule, badList) : null;
    const unevaluable =
      row.unevaluable ?? listReason ?? (row.rule ? null : "the row cannot be read into the rule model");
    if (unevaluable !== null || !row.rule) {
      if (row.verdict !== "accept") undecided.push({ row, reason: unevaluable ?? "" });
      continue;
    }
    if (!row.rule.enabled) continue;
    const reasons = mismatches(row.rule);
    if (reasons.length === 0)
      return { decidedBy: row, verdict: row.rule.action, undecided, interfaceOnly, interfaceOnlyAccepts };
    if (reasons.every((r) => INTERFACE_REASON.test(r)))
      (row.rule.action === "accept" ? interfaceOnlyAccepts : interfaceOnly).push(row);
  }
  const policy =
    chain.policies.find((p) => p.family === family.family && p.chain === packet.chain)?.verdict ?? "unknown";
  if (policy === "unknown")
    undecided.push({
      row: null,
      reason: `what the ${packet.chain} chain does with a packet no rule decides is not known`,
    });
  // A chain that refuses what no row decides, with rows that accept the packet on some interface (OpenWrt: a zone
  // whose policy accepts): the verdict depends on where the packet arrives, which it does not say.
  if ((policy === "drop" || policy === "reject") && interfaceOnlyAccepts.length > 0) {
    const via = interfaceOnlyAccepts.map(
      (r) => `${interfaceMatchText(r.rule?.inInterface ?? r.rule?.outInterface ?? null)} (${r.label})`,
    );
    undecided.push({
      row: null,
      reason: `it ${policy}s what no rule decides, but the packet is accepted if it arrives via ${via.join(" or ")}, and which interface it arrives on is not known`,
    });
    return { decidedBy: null, verdict: "unknown", undecided, interfaceOnly, interfaceOnlyAccepts };
  }
  return { decidedBy: null, verdict: policy, undecided, interfaceOnly, interfaceOnlyAccepts };
}

function unevaluableList(rule: Rule, bad: Map<string, string>): string | null {
  for (const m of [rule.src, rule.dst] as AddressMatch[])
    if (m.kind === "list" && bad.has(m.list)) return bad.get(m.list)!;
  return null;
}

/**
 * How a person finds the row: Rampart's rules by their number in the rule set and comment ("Rampart's rule #2
 * (SSH from office)"), the router's by their place in its chain ("the router's own rule #5 of ipv4 input
 * (defconf: drop all not coming from LAN)"). Never an internal id.
 */
export function rowName(row: ChainRow, ruleNumber: number | null): string {
  if (row.origin === "rampart") return `Rampart's rule #${ruleNumber ?? "?"}${row.label ? ` (${row.label})` : ""}`;
  const whose = row.origin === "built-in" ? "the router's built-in rule" : "the router's own rule";
  return `${whose} #${row.position} of ${row.family} ${row.chain}${row.label ? ` (${row.label})` : ""}`;
}

export function rowDescription(row: ChainRow): string {
  return row.rule ? describeRule(row.rule) : `${row.verdict} (${row.unevaluable ?? "not evaluated"})`;
}
