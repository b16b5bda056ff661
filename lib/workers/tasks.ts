import { analysisView, packetTestView } from "@/lib/analysis/views";
import { parseJsonBody } from "@/lib/api/parse-body";
import { contentToText, textToContent } from "@/lib/drift/text-convert";
import type { Vendor } from "@/lib/routers/driver";
import type { AnalysisSource } from "@/lib/analysis/schemas";
import type { Packet } from "@/lib/rules/analysis";
import type { RuleSetContent } from "@/lib/rules/schema";
import { MAX_RULES_PER_RULE_SET } from "@/lib/rules/limits";
import { parseKnownContent } from "@/lib/rules/parse-known-content";
import { checkExportFile, checkRuleSetBody, withTexts } from "@/lib/rulesets/check-content";
import { withRawGrammar } from "@/lib/rulesets/raw-grammar-verdict";
import { parseStoredContent } from "@/lib/rulesets/read-revision";
import { OFF_THREAD_BODY_SCHEMAS } from "./body-schemas";
import { WARM_UP_RUNS, warmUpRuleSet } from "./warm-up";

/**
 * The work that runs on a worker thread (lib/workers/pool.ts): pure functions of cloneable input. A stored
 * revision travels as its JSON text (cheap to copy) and is parsed here, where parsing cannot hold up requests.
 */
type Stored = { text: string; where: string };

function parseBody(operationId: string, text: string) {
  const schema = OFF_THREAD_BODY_SCHEMAS[operationId];
  if (!schema) throw new Error(`no off-thread body schema for ${operationId}`);
  return parseJsonBody(schema, text);
}

function packetTest(content: RuleSetContent, packet: Packet) {
  return { ruleCount: content.rules.length, result: packetTestView(content, packet) };
}

export const TASKS = {
  parseBody: ({ operationId, text }: { operationId: string; text: string }) => parseBody(operationId, text),
  /**
   * An analysis or packet-test request body, from its JSON text: inline content is validated and analysed here
   * in one go (never copied back and forth); a stored revision is named for the caller to read.
   */
  analysisRequest: ({ operationId, text }: { operationId: "analyzeRuleSet" | "testPacket"; text: string }) => {
    const parsed = parseBody(operationId, text);
    if (!parsed.ok) return parsed;
    const source = parsed.data as AnalysisSource & { packet?: Packet };
    if (!source.content)
      return {
        ok: true as const,
        stored: { ruleSetId: source.ruleSetId!, revision: source.revision, packet: source.packet },
      };
    return {
      ok: true as const,
      analysis: source.packet ? null : analysisView(source.content),
      packetTest: source.packet ? packetTest(source.content, source.packet) : null,
    };
  },
  analyze: (source: { content: RuleSetContent } | Stored) => analysisView(contentOf(source)),
  testPacket: (source: ({ content: RuleSetContent } | Stored) & { packet: Packet }) =>
    packetTest(contentOf(source), source.packet),
  exportText: ({
    vendor,
    stored,
    meta,
  }: {
    vendor: Vendor;
    stored: Stored;
    meta: { name: string; revision: number };
  }) => contentToText(vendor, contentOf(stored), meta),
  /** A create or save request's body (lib/rulesets/check-content.ts): body schema, then the content's verdict. */
  ruleSetRequest: ({ operationId, text }: { operationId: "createRuleSet" | "saveRuleSet"; text: string }) => {
    const schema = OFF_THREAD_BODY_SCHEMAS[operationId];
    if (!schema) throw new Error(`no off-thread body schema for ${operationId}`);
    return checkRuleSetBody(schema, text);
  },
  /** An uploaded export file's text, read and checked (null: not JSON). */
  exportFile: ({ text }: { text: string }) => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return null;
    }
    return checkExportFile(json);
  },
  /**
   * Router text read into content, and that content checked as a new rule set's would be (skipped when over the
   * limit: the import refuses it by its size first). A valid content is the verdict's own object, so it is
   * copied back once.
   */
  importText: ({ vendor, text }: { vendor: Vendor; text: string }) => {
    const read = textToContent(vendor, text);
    const checked =
      read.content.rules.length <= MAX_RULES_PER_RULE_SET
        ? withTexts(withRawGrammar(parseKnownContent(read.content, () => false)))
        : null;
    return {
      ...read,
      content: checked?.checked.success ? checked.checked.data : read.content,
      checked: checked?.checked ?? null,
      texts: checked?.texts,
    };
  },
};

function contentOf(source: { content: RuleSetContent } | Stored): RuleSetContent {
  return "content" in source ? source.content : parseStoredContent(source.text, source.where);
}

export type Tasks = typeof TASKS;

/** One step of a new worker's warm-up (./warm-up.ts), run while it is idle; false once there is none left. */
export function warmUpStep(step: number): boolean {
  if (step >= WARM_UP_RUNS) return false;
  analysisView(warmUpRuleSet(step + 1));
  return true;
}
