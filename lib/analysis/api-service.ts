import { ApiError, failureError } from "@/lib/api/errors";
import { revisionText } from "@/lib/push/revision-content";
import type { Packet } from "@/lib/rules/analysis";
import { runOffThread } from "@/lib/workers/pool";
import { testPacketOnRouter } from "./live-packet-test";

/**
 * The API's view of rule analysis and the packet tester; expected failures become ApiErrors. The analysis of a
 * 10,000-rule set takes seconds, so it runs on a worker thread (lib/workers), as does reading a stored revision.
 */

/** The request body as JSON text (the operation is marked bodyOffThread): parsed, validated and analysed on a worker. */
async function analysisRequest(operationId: "analyzeRuleSet" | "testPacket", text: string) {
  const r = await runOffThread("analysisRequest", { operationId, text });
  if (!r.ok) throw failureError(r);
  if (!r.stored) return { inline: r };
  const { ruleSetId, revision, packet } = r.stored;
  const rev = await revisionText(ruleSetId, revision);
  if (!rev)
    throw new ApiError(
      "not_found",
      revision === undefined ? "rule set not found or has no revision" : `revision ${revision} not found`,
    );
  return {
    stored: {
      ruleSetId: rev.ruleSetId,
      revision: rev.number,
      source: { text: rev.text, where: `revision ${rev.id}` },
      packet,
    },
  };
}

export async function analyzeForApi(bodyText: string) {
  const r = await analysisRequest("analyzeRuleSet", bodyText);
  if (r.inline) return { ruleSetId: null, revision: null, ...r.inline.analysis! };
  const { ruleSetId, revision, source } = r.stored;
  return { ruleSetId, revision, ...(await runOffThread("analyze", source)) };
}

export async function testPacketForApi(bodyText: string) {
  const r = await analysisRequest("testPacket", bodyText);
  if (r.inline) return { ruleSetId: null, revision: null, ...r.inline.packetTest! };
  const { ruleSetId, revision, source, packet } = r.stored;
  return { ruleSetId, revision, ...(await runOffThread("testPacket", { ...source, packet: packet! })) };
}

export async function testRouterPacketForApi(routerId: string, packet: Packet) {
  const r = await testPacketOnRouter(routerId, packet);
  if (!r.ok) throw failureError(r);
  return r.view;
}
