"use client";

import { analysisView } from "@/lib/analysis/views";
import type { RuleSetContent } from "@/lib/rules/schema";

export type AnalysisResult = ReturnType<typeof analysisView>;
export type AnalysisRequest = { key: string; seq: number; content: RuleSetContent };
export type AnalysisReply = { key: string; seq: number } & (
  { ok: true; result: AnalysisResult } | { ok: false; message: string }
);
type Listener = (reply: AnalysisReply) => void;

/**
 * One analysis worker per page, shared by the rule list and the side panel (keys "table", "draft"). Each key has
 * at most one request in the worker: content that arrives meanwhile waits, and only the newest waiting content
 * is sent next, so fast typing never queues stale analyses. Without Worker support it runs on the main thread
 * after a tick, which is slower but still off the keystroke.
 */
class AnalysisClient {
  private worker: Worker | null | undefined;
  private seq = 0;
  private running = new Map<string, AnalysisRequest>();
  private waiting = new Map<string, RuleSetContent>();
  private listeners = new Map<string, Listener>();

  subscribe(key: string, listener: Listener): () => void {
    this.listeners.set(key, listener);
    return () => {
      if (this.listeners.get(key) === listener) this.listeners.delete(key);
      this.waiting.delete(key);
    };
  }

  request(key: string, content: RuleSetContent): void {
    if (this.running.has(key)) {
      this.waiting.set(key, content);
      return;
    }
    const req: AnalysisRequest = { key, seq: ++this.seq, content };
    this.running.set(key, req);
    const worker = this.getWorker();
    if (worker) worker.postMessage(req);
    else setTimeout(() => this.onReply(runHere(req)), 0);
  }

  private onReply(reply: AnalysisReply): void {
    if (this.running.get(reply.key)?.seq !== reply.seq) return;
    this.running.delete(reply.key);
    const next = this.waiting.get(reply.key);
    this.waiting.delete(reply.key);
    if (next) this.request(reply.key, next);
    // A newer request is on its way: its reply will be the one to show.
    else this.listeners.get(reply.key)?.(reply);
  }

  private getWorker(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      this.worker = new Worker(new URL("./analysis.worker.ts", import.meta.url), {
        type: "module",
        name: "rule-analysis",
      });
      this.worker.onmessage = (e: MessageEvent<AnalysisReply>) => this.onReply(e.data);
      this.worker.onerror = () => {
        // A worker that fails to load: the main thread answers what it was asked, and every later request.
        this.worker?.terminate();
        this.worker = null;
        for (const req of this.running.values()) setTimeout(() => this.onReply(runHere(req)), 0);
      };
    } catch {
      this.worker = null;
    }
    return this.worker;
  }
}

function runHere({ key, seq, content }: AnalysisRequest): AnalysisReply {
  try {
    return { key, seq, ok: true, result: analysisView(content) };
  } catch (err) {
    return { key, seq, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

let shared: AnalysisClient | null = null;
export function analysisClient(): AnalysisClient {
  return (shared ??= new AnalysisClient());
}
