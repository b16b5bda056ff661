import type { LiveFirewall, VendorOp } from "@/lib/routers/driver";
import { formatManagedComment, mikrotikDriver } from "@/lib/routers/mikrotik";
import type { Rule, RuleSetContent } from "@/lib/rules/schema";

export const EMPTY_LIVE: LiveFirewall = { items: [], stateHash: "" };

export interface OpsFor {
  ops: VendorOp[];
  /** "planner" when the driver's own planner made them; "bench" while it does not exist yet. */
  source: "planner" | "bench";
}

/** The ops a push of `content` onto a router holding `live` needs: the driver's planner when it has one. */
export function routerOsPushOps(content: RuleSetContent, live: LiveFirewall = EMPTY_LIVE): OpsFor {
  const planner = mikrotikDriver.planner;
  if (planner) {
    const compiled = planner.compile(content);
    if (!compiled.ok)
      throw new Error(
        `bench rule set does not compile for RouterOS: ${compiled.issues.map((i) => i.message).join("; ")}`,
      );
    return { ops: planner.plan(live, compiled.desired).ops, source: "planner" };
  }
  if (live.items.some((i) => i.managedId))
    throw new Error("without a planner the bench can only push onto an empty router");
  return { ops: content.rules.map(addSentence), source: "bench" };
}

/** Stand-in for the planner's add op (only while the planner has not landed): one `add` sentence per rule. */
function addSentence(r: Rule): VendorOp {
  const words = [`/ip/firewall/filter/add`, `=chain=${r.chain}`, `=action=${r.action}`];
  if (r.protocol !== "any") words.push(`=protocol=${r.protocol}`);
  if (r.src.kind === "addresses") words.push(`=src-address=${r.src.values.join(",")}`);
  if (r.dst.kind === "addresses") words.push(`=dst-address=${r.dst.values.join(",")}`);
  if (r.dstPorts.length)
    words.push(`=dst-port=${r.dstPorts.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(",")}`);
  words.push(`=comment=${formatManagedComment(r.id, r.comment)}`);
  return { label: `add rule ${r.id} to ${r.chain}`, wire: words };
}
