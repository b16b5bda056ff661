import { parseAddressSpec } from "@/lib/rules/address";
import type { AddressList, NatRule, Rule, RuleSetContent } from "@/lib/rules/schema";
import type { ChainRow, LiveFirewall, LiveFirewallItem, NatChainRow, PushPlan, ResultingChain } from "../driver";
import { asFilterRule } from "@/lib/rules/analysis/nat-tester";
import { natRulesOf } from "@/lib/rules/make-nat-rule";
import { ruleOfRow } from "./decompile-firewall";
import { dstnatMatchOfRow } from "./decompile-nat";
import type { RosFamily } from "./firewall-props";
import { parseManagedComment } from "./managed-comment";
import { summarise } from "./plan-firewall";
import { replayPlan } from "./replay-plan";
import { ruleOfTag } from "./split-rule";

/**
 * The filter chains as the router will hold them after the plan (replayPlan), each row in its real place:
 * Rampart's rows as the rule set says them, the router's own and built-in rows read back into the model where
 * every property maps (decompile-firewall.ts) and otherwise marked unevaluable with the property that does not.
 *
 * RouterOS facts used here (docs/routeros-facts.md §1): a filter chain with no matching row accepts; `passthrough`,
 * `log` and `add-*-to-address-list` rows never decide; `jump`, `return`, `tarpit` and `fasttrack-connection` do
 * in ways the model does not hold. Address lists are per family (/ip vs /ipv6) and hold the router's own
 * entries beside Rampart's; a list with entries the router adds itself (dynamic, timed) can change any moment.
 */
const NEVER_DECIDES = new Set(["passthrough", "log", "add-src-to-address-list", "add-dst-to-address-list"]);
const CHAINS = ["input", "forward", "output"];

export function resultingChain(live: LiveFirewall, plan: PushPlan, content: RuleSetContent): ResultingChain {
  const after = replayPlan(live, plan);
  const byId = new Map(content.rules.map((r) => [r.id, r]));
  const rows: ChainRow[] = [];
  const addressLists: ResultingChain["addressLists"] = [];
  for (const family of ["ipv4", "ipv6"] as const) {
    const lists = listsOf(
      after.items.filter((i) => i.kind === "address-list-entry" && (i.family ?? "ipv4") === family),
    );
    addressLists.push({ family, ...lists });
    const ruleLists = new Map<string, string[]>();
    for (const l of lists.lists)
      ruleLists.set(
        `${family} ${l.name}`,
        l.entries.map((e) => e.address),
      );
    const count = new Map<string, number>();
    for (const item of after.items) {
      if (item.kind !== "filter" || (item.family ?? "ipv4") !== family) continue;
      const chain = item.raw.chain ?? "";
      const position = (count.get(chain) ?? 0) + 1;
      count.set(chain, position);
      rows.push(rowOf(item, family, chain, position, byId, ruleLists));
    }
  }
  const policies = (["ipv4", "ipv6"] as const).flatMap((family) =>
    CHAINS.map((chain) => ({ family, chain, verdict: "accept" as const })),
  );
  const dstnat = dstnatRows(
    after.items.filter((i) => i.kind === "nat" && i.raw.chain === "dstnat"),
    new Map(natRulesOf(content).map((n) => [n.id, n])),
  );
  return { rows, policies, addressLists, dstnat };
}

/**
 * The dstnat chain in order (docs/nat.md "Lockout guard"): `dst-nat` and `redirect` rewrite the destination
 * (redirect to the router itself), `accept` ends the chain unchanged, `passthrough` and `log` go on; every
 * other action decides in a way the model does not hold.
 */
function dstnatRows(items: LiveFirewallItem[], natById: Map<string, NatRule>): NatChainRow[] {
  return items.map((item, i) => {
    const managed = item.dynamic ? null : (item.managedId ?? parseManagedComment(item.raw.comment)?.id ?? null);
    const mine = managed ? natById.get(managed) : undefined;
    const base = {
      position: i + 1,
      origin: mine ? ("rampart" as const) : item.dynamic ? ("built-in" as const) : ("router" as const),
      ruleId: mine?.id ?? null,
      label: (mine ? mine.comment : item.raw.comment) || summarise(item.raw),
    };
    const action = item.raw.action ?? "accept";
    const toPort = /^\d{1,5}$/.test(item.raw["to-ports"] ?? "") ? Number(item.raw["to-ports"]) : null;
    const effect: NatChainRow["effect"] =
      item.raw.disabled === "true"
        ? { kind: "continue" }
        : action === "dst-nat" || action === "redirect"
          ? item.raw["to-ports"] !== undefined && toPort === null
            ? { kind: "other", action: `${action} to-ports=${item.raw["to-ports"]}` }
            : { kind: "rewrite", toAddress: action === "redirect" ? null : (item.raw["to-addresses"] ?? null), toPort }
          : action === "accept"
            ? { kind: "stop" }
            : action === "passthrough" || action === "log"
              ? { kind: "continue" }
              : { kind: "other", action };
    const m = dstnatMatchOfRow(item.raw);
    if ("reason" in m) return { ...base, effect, matches: null, unevaluable: m.reason };
    const match = asFilterRule({
      ...m,
      id: mine?.id ?? `nat-${item.ref}`,
      kind: "port-forward",
      family: "ipv4",
      toAddress: "",
      toPort: null,
      log: false,
      comment: base.label,
      enabled: true,
    });
    return { ...base, effect, matches: [match], unevaluable: null };
  });
}

function rowOf(
  item: LiveFirewallItem,
  family: RosFamily,
  chain: string,
  position: number,
  byId: Map<string, Rule>,
  ruleLists: Map<string, string[]>,
): ChainRow {
  const action = item.raw.action ?? "accept";
  const verdict: ChainRow["verdict"] =
    action === "accept" || action === "drop" || action === "reject"
      ? action
      : NEVER_DECIDES.has(action)
        ? "continue"
        : "other";
  const base = { family, chain, position, verdict };
  const managed = item.dynamic ? null : (item.managedId ?? parseManagedComment(item.raw.comment)?.id ?? null);
  const mine = managed ? ruleOfTag(managed, family, byId) : undefined;
  if (mine)
    return {
      ...base,
      origin: "rampart",
      ruleId: mine.id,
      label: mine.comment || summarise(item.raw),
      rule: { ...mine, family },
      unevaluable: null,
    };
  const origin = item.dynamic ? "built-in" : "router";
  const label = item.raw.comment || summarise(item.raw);
  if (item.raw.disabled === "true")
    return { ...base, origin, ruleId: null, label, verdict: "continue", rule: null, unevaluable: null };
  if (verdict === "continue" || verdict === "other") {
    return {
      ...base,
      origin,
      ruleId: null,
      label,
      rule: null,
      unevaluable: verdict === "other" ? `action ${action} decides in a way the rule model does not hold` : null,
    };
  }
  const r = ruleOfRow(item, family, ruleLists);
  if ("reason" in r) return { ...base, origin, ruleId: null, label, rule: null, unevaluable: r.reason };
  return {
    ...base,
    origin,
    ruleId: null,
    label,
    rule: { ...r, id: `row-${family}-${item.ref}`, family },
    unevaluable: null,
  };
}

/** The router's lists of one family in model form; lists that cannot be evaluated say why. */
function listsOf(entries: LiveFirewallItem[]): Pick<ResultingChain["addressLists"][number], "lists" | "unevaluable"> {
  const byName = new Map<string, AddressList>();
  const unevaluable = new Map<string, string>();
  for (const e of entries) {
    const name = e.raw.list ?? "";
    const address = e.raw.address ?? "";
    if (e.raw.disabled === "true") continue;
    if (e.dynamic || e.raw.timeout !== undefined)
      unevaluable.set(name, `the router adds and removes entries of list ${name} itself`);
    else if (!parseAddressSpec(address).ok)
      unevaluable.set(
        name,
        `list ${name} holds ${address}, which is not an address, prefix or range (a DNS name is resolved by the router)`,
      );
    const list = byName.get(name) ?? { name, entries: [] };
    list.entries.push({ address, comment: "" });
    byName.set(name, list);
  }
  return { lists: [...byName.values()], unevaluable: [...unevaluable].map(([name, reason]) => ({ name, reason })) };
}
