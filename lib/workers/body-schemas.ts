import type { z } from "zod";
import { analysisSourceSchema, packetTestRequestSchema } from "@/lib/analysis/schemas";
import { createRuleSetBody, saveRuleSetBody } from "@/lib/api/rule-set-schemas";

/**
 * Request body schemas of the operations marked `bodyOffThread`, by operation id: the worker thread imports
 * these few schemas, not the whole API. operation-off-thread.test.ts checks each is the operation's own schema.
 */
export const OFF_THREAD_BODY_SCHEMAS: Record<string, z.ZodType> = {
  analyzeRuleSet: analysisSourceSchema,
  testPacket: packetTestRequestSchema,
  createRuleSet: createRuleSetBody,
  saveRuleSet: saveRuleSetBody,
};
