import { readRouterFirewall } from "@/lib/drift/router-firewall";
import { db } from "@/lib/db/client";
import type { Packet } from "@/lib/rules/analysis";
import type { RouterPacketTestResponse } from "./schemas";
import { packetTestView } from "./views";
import type { Failure } from "@/lib/failure";

export type LivePacketTest =
  { ok: true; view: RouterPacketTestResponse } | Failure<"not_found" | "conflict" | "router_error">;

/**
 * "Would this packet pass?" against a router's live filter rules: read them, decompile them into the rule model
 * (every static rule, foreign ones included, in router order) and run the same packet tester as the editor.
 */
export async function testPacketOnRouter(routerId: string, packet: Packet): Promise<LivePacketTest> {
  const router = await db.router.findUnique({ where: { id: routerId }, select: { name: true, vendor: true } });
  if (!router) return { ok: false, code: "not_found", message: "router not found" };
  const read = await readRouterFirewall(routerId);
  if (!read.ok) return { ok: false, code: "router_error", message: read.message };
  await read.session.close().catch(() => undefined);
  const { content, skipped } = read.planner.decompile(read.live, { managedOnly: false, enforced: true });
  return {
    ok: true,
    view: {
      routerId,
      routerName: router.name,
      ruleCount: content.rules.length,
      skipped,
      result: packetTestView(content, packet),
    },
  };
}
