import type { Actor } from "@/lib/audit/record";
import { previewPush, type PreviewOutcome } from "./preview";

/**
 * Previews several routers of one rule set at once (each its own connection, read and stored plan, exactly as
 * a single preview), results in the order asked. One router's failure is its own result, never the batch's.
 */
export async function previewMany(
  actor: Actor,
  ruleSetId: string,
  routerIds: readonly string[],
  revisionNumber?: number,
): Promise<PreviewOutcome[]> {
  return Promise.all(routerIds.map((id) => previewPush(actor, id, ruleSetId, revisionNumber)));
}
