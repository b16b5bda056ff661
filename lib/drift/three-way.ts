import { db } from "@/lib/db/client";
import { findRevision, revisionById } from "@/lib/push/revision-content";
import type { SkippedItem } from "@/lib/routers/driver";
import { diffRuleSets, type RuleSetDiff } from "@/lib/rules/diff";
import type { RuleSetContent } from "@/lib/rules/schema";
import { checkDrift } from "./check-drift";
import { getDriftView } from "./queries";
import { readRouterFirewall } from "./router-firewall";
import type { DriftView } from "./schemas";

type Column = { label: string; revision: number | null; content: RuleSetContent };

export type ThreeWay =
  | {
      ok: true;
      ruleSetId: string | null;
      intended: Column | null;
      lastPushed: Column | null;
      live: Column & { skipped: SkippedItem[] };
      /** last pushed -> live: what changed on the router behind Rampart's back (rule level). */
      pushedToLive: RuleSetDiff | null;
      /** last pushed -> intended: what a push of the latest revision would also bring. */
      pushedToIntended: RuleSetDiff | null;
      drift: DriftView;
    }
  | { ok: false; message: string };

/**
 * Intended (the assigned rule set's head) / last pushed / live (Rampart's items on the router, read now and
 * decompiled), with the differences between them. Reading the router also refreshes the recorded drift.
 */
export async function getThreeWay(routerId: string): Promise<ThreeWay> {
  const router = await db.router.findUnique({
    where: { id: routerId },
    select: { assignment: { select: { ruleSetId: true } }, status: { select: { lastPushedRevisionId: true } } },
  });
  if (!router) return { ok: false, message: "router not found" };
  const pushed = router.status?.lastPushedRevisionId ? await revisionById(router.status.lastPushedRevisionId) : null;
  const ruleSetId = router.assignment?.ruleSetId ?? pushed?.ruleSetId ?? null;
  const head = ruleSetId ? await findRevision(ruleSetId) : null;
  const read = await readRouterFirewall(routerId);
  if (!read.ok) return { ok: false, message: read.message };
  try {
    const { content, skipped } = read.planner.decompile(read.live, { managedOnly: true });
    if (pushed) await checkDrift(routerId, read.session, read.live);
    const drift = (await getDriftView(routerId))!;
    return {
      ok: true,
      ruleSetId,
      intended: head
        ? {
            label: `${head.ruleSetName} revision ${head.number} (latest)`,
            revision: head.number,
            content: head.content,
          }
        : null,
      lastPushed: pushed
        ? { label: `${pushed.ruleSetName} revision ${pushed.number}`, revision: pushed.number, content: pushed.content }
        : null,
      live: { label: "on the router now (Rampart's rules)", revision: null, content, skipped },
      pushedToLive: pushed ? diffRuleSets(pushed.content, content) : null,
      pushedToIntended: pushed && head ? diffRuleSets(pushed.content, head.content) : null,
      drift,
    };
  } finally {
    await read.session.close().catch(() => undefined);
  }
}
