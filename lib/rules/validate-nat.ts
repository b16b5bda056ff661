import type { z } from "zod";
import { parseAddressSpec } from "./address";
import type { natRuleFieldsSchema } from "./schema";
import type { ContentIssue } from "./validate-content";

type NatFields = z.infer<typeof natRuleFieldsSchema>;

/**
 * Checks between the fields of one NAT rule (port forward, masquerade, source NAT to an address). Like
 * checkRule, it reads defensively: zod runs it even when a field failed on its own.
 */
export function checkNatRule(rule: NatFields, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  // A raw NAT rule is its vendor's props (checked by that vendor's grammar); its modelled fields decide nothing.
  if (rule.raw) return;
  const portsAllowed = rule.protocol === "tcp" || rule.protocol === "udp";
  if (!portsAllowed && rule.dstPorts?.length) issue(["dstPorts"], "ports need protocol tcp or udp");
  if (!portsAllowed && rule.toPort !== null) issue(["toPort"], "a translated port needs protocol tcp or udp");

  if (rule.kind === "port-forward") {
    if (rule.toAddress === "") issue(["toAddress"], "a port forward needs the inside address to forward to");
    // Without either, every connection to that port (the LAN's own web browsing, say) would be redirected.
    if (rule.inInterface === null && rule.dst?.kind === "any")
      issue(["inInterface"], "a port forward needs an in interface or a destination address");
    if (rule.outInterface !== null) issue(["outInterface"], "a port forward matches the in interface, not an out one");
    if (rule.toPort !== null && rule.dstPorts?.length !== 1)
      issue(["toPort"], "a translated port needs exactly one destination port or range");
  } else {
    if (rule.outInterface === null) issue(["outInterface"], "source NAT needs the out interface packets leave by");
    if (rule.inInterface !== null) issue(["inInterface"], "source NAT matches the out interface, not an in one");
    if (rule.toPort !== null) issue(["toPort"], "source NAT keeps the ports; leave the translated port empty");
    if (rule.kind === "masquerade" && rule.toAddress !== "")
      issue(["toAddress"], "masquerade takes the out interface's own address; leave the address empty");
    if (rule.kind === "snat" && rule.toAddress === "")
      issue(["toAddress"], "source NAT to an address needs that address");
  }
  if (rule.toAddress !== "") {
    const spec = parseAddressSpec(rule.toAddress);
    if (spec.ok && (spec.kind !== "host" || spec.family !== "ipv4"))
      issue(["toAddress"], `${rule.toAddress} is not one IPv4 address`);
  }
  for (const side of ["src", "dst"] as const) {
    const m = rule[side];
    if (m?.kind !== "addresses") continue;
    m.values.forEach((v, i) => {
      const spec = parseAddressSpec(v);
      if (spec.ok && spec.family !== "ipv4") issue([side, "values", i], "NAT rules are IPv4 only");
    });
  }
}

/** Across the set: NAT ids unique among themselves and the filter rules', and list references that resolve. */
export function natContentIssues(content: {
  rules: readonly { id: string }[];
  addressLists: readonly { name: string }[];
  nat?: readonly Pick<NatFields, "id" | "src" | "dst">[];
}): ContentIssue[] {
  const issues: ContentIssue[] = [];
  if (!content.nat?.length) return issues;
  const ids = new Set(content.rules.map((r) => r.id));
  const lists = new Set(content.addressLists.map((l) => l.name));
  content.nat.forEach((n, i) => {
    if (ids.has(n.id)) issues.push({ path: ["nat", i, "id"], message: `rule id '${n.id}' is used twice` });
    ids.add(n.id);
    for (const side of ["src", "dst"] as const) {
      const m = n[side];
      if (m.kind === "list" && !lists.has(m.list))
        issues.push({ path: ["nat", i, side, "list"], message: `address list '${m.list}' does not exist` });
    }
  });
  return issues;
}

export function checkNatContent(content: Parameters<typeof natContentIssues>[0], ctx: z.RefinementCtx): void {
  for (const { path, message } of natContentIssues(content)) ctx.addIssue({ code: "custom", path, message });
}
