/// <reference lib="webworker" />
import { analysisView } from "@/lib/analysis/views";
import type { AnalysisRequest, AnalysisReply } from "./analysis-client";

/** Runs the rule analysis off the main thread, so typing in the editor never waits on 5,000 rules. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<AnalysisRequest>) => {
  const { key, seq, content } = e.data;
  let reply: AnalysisReply;
  try {
    reply = { key, seq, ok: true, result: analysisView(content) };
  } catch (err) {
    reply = { key, seq, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(reply);
};
