import { ApiError } from "@/lib/api/errors";
import { findRevision } from "@/lib/push/revision-content";
import type { Packet } from "@/lib/rules/analysis";
import type { RuleSetContent } from "@/lib/rules/schema";
import { testPacketOnRouter } from "./live-packet-test";
import type { AnalysisSource } from "./schemas";
import { analysisView, packetTestView } from "./views";

/** The API's view of rule analysis and the packet tester; expected failures become ApiErrors. */

type Resolved = { ruleSetId: string | null; revision: number | null; content: RuleSetContent };

async function resolveSource(source: AnalysisSource): Promise<Resolved> {
  if (source.content) return { ruleSetId: null, revision: null, content: source.content };
  const rev = await findRevision(source.ruleSetId!, source.revision);
  if (!rev) throw new ApiError("not_found", source.revision === undefined ? "rule set not found or has no revision" : `revision ${source.revision} not found`);
  return { ruleSetId: rev.ruleSetId, revision: rev.number, content: rev.content };
}

export async function analyzeForApi(source: AnalysisSource) {
  const { content, ...analysed } = await resolveSource(source);
  return { ...analysed, ...analysisView(content) };
}

export async function testPacketForApi(source: AnalysisSource & { packet: Packet }) {
  const { content, ...analysed } = await resolveSource(source);
  return { ...analysed, ruleCount: content.rules.length, result: packetTestView(content, source.packet) };
}

export async function testRouterPacketForApi(routerId: string, packet: Packet) {
  const r = await testPacketOnRouter(routerId, packet);
  if (!r.ok) throw new ApiError(r.code, r.message);
  return r.view;
}
