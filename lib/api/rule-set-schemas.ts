import { z } from "zod";
import { RULE_FIELDS } from "@/lib/rules/format-field";
import {
  addressListEntrySchema,
  addressListSchema,
  ruleFieldsSchema,
  ruleSchema,
  ruleSetContentSchema,
} from "@/lib/rules/schema";
import { TEMPLATE_IDS } from "@/lib/rules/templates";

/** Request and response shapes of /api/v1/rule-sets; requests reuse the rule model's schemas, so checks match the editor. */

const when = z.string().describe("ISO 8601 time");
const revisionNumber = z.coerce.number().int("revision must be a whole number").min(1, "revision numbers start at 1");
const baseRevision = z
  .number()
  .int()
  .min(0)
  .describe(
    "The revision your change starts from (headRevision when you read it); a newer head refuses the change with 409.",
  );
const messageText = z.string().max(500).optional().describe("Optional revision message");

export const ruleSetIdParams = z.object({ id: z.string().min(1).max(64) });
export const revisionParams = ruleSetIdParams.extend({ number: revisionNumber });
export const listNameParams = ruleSetIdParams.extend({ name: z.string().min(1).max(48) });

const lastChange = z.object({ at: when, authorLabel: z.string(), message: z.string() }).nullable();

export const ruleSetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  headRevision: z.number().int(),
  ruleCount: z.number().int(),
  routersAssigned: z.number().int(),
  lastChange,
});

export const ruleSetDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  headRevision: z.number().int(),
  routersAssigned: z.number().int(),
  createdAt: when,
  lastChange,
  content: ruleSetContentSchema,
});

export const createRuleSetBody = z.discriminatedUnion("source", [
  z.object({
    source: z.literal("blank"),
    name: z.string(),
    description: z.string().default(""),
    content: ruleSetContentSchema.optional().describe("Initial rules and address lists; empty when left out"),
    message: messageText,
  }),
  z.object({
    source: z.literal("template"),
    name: z.string(),
    description: z.string().default(""),
    template: z.enum(TEMPLATE_IDS),
    params: z
      .record(z.string(), z.unknown())
      .describe(
        "block-incoming-except-trusted: { trusted: string[], management?: string[], lanServices?: boolean }; block-outgoing-except-trusted: { trusted: string[] }; basic-edge-router: { lan: string, wan: string }",
      ),
    message: messageText,
  }),
  z.object({
    source: z.literal("import"),
    name: z.string().optional().describe("Overrides the name in the file"),
    file: z
      .unknown()
      .describe(
        "A Rampart rule-set export: { formatVersion: 1, exportedAt, ruleSet: { name, description, rules, addressLists } }",
      ),
  }),
]);

export const saveRuleSetBody = z.object({
  baseRevision,
  name: z.string(),
  description: z.string().default(""),
  content: ruleSetContentSchema,
  message: messageText,
});

export const revisionResult = z.object({ revision: z.number().int() });

export const revisionSummarySchema = z.object({
  number: z.number().int(),
  authorLabel: z.string(),
  message: z.string(),
  name: z.string(),
  ruleCount: z.number().int(),
  createdAt: when,
});

export const revisionDetailSchema = revisionSummarySchema.extend({
  description: z.string(),
  contentHash: z.string(),
  content: ruleSetContentSchema,
});

export const diffQuery = z.object({ from: revisionNumber, to: revisionNumber });

const ruleField = z.enum(RULE_FIELDS);
const placedRule = z.object({ id: z.string(), index: z.number().int(), rule: ruleSchema });
export const diffResponse = z.object({
  from: z.number().int(),
  to: z.number().int(),
  nameChanged: z.boolean(),
  descriptionChanged: z.boolean(),
  diff: z.object({
    rulesAdded: z.array(placedRule),
    rulesRemoved: z.array(placedRule),
    rulesMoved: z.array(z.object({ id: z.string(), from: z.number().int(), to: z.number().int() })),
    rulesChanged: z.array(
      z.object({
        id: z.string(),
        index: z.number().int(),
        changes: z.array(
          z.object({
            path: ruleField,
            label: z.string(),
            old: z.unknown(),
            new: z.unknown(),
            oldText: z.string(),
            newText: z.string(),
          }),
        ),
      }),
    ),
    addressLists: z.array(z.record(z.string(), z.unknown())),
    summary: z.record(z.string(), z.union([z.number(), z.boolean()])),
  }),
});

export const revertBody = z.object({ to: z.number().int().min(1).describe("The revision to return to"), baseRevision });

export const exportQuery = z.object({ revision: revisionNumber.optional().describe("Default: the head revision") });

export const ruleListResponse = z.object({
  headRevision: z.number().int(),
  rules: z.array(
    z.object({ position: z.number().int().describe("0-based"), description: z.string(), rule: ruleSchema }),
  ),
});

export const addRuleBody = z.object({
  baseRevision,
  position: z.number().int().min(0).optional().describe("0-based; default: after the last rule"),
  rule: ruleFieldsSchema
    .omit({ id: true })
    .partial()
    .describe("Fields not given take the defaults: accept anything on input, enabled"),
  message: messageText,
});
export const addRuleResponse = z.object({ revision: z.number().int(), ruleId: z.string(), position: z.number().int() });

export const addressListsResponse = z.object({
  headRevision: z.number().int(),
  addressLists: z.array(
    addressListSchema.safeExtend({
      usedBy: z.array(
        z.object({ ruleId: z.string(), position: z.number().int(), side: z.enum(["src", "dst"]), comment: z.string() }),
      ),
    }),
  ),
});

export const putAddressListBody = z.object({
  baseRevision,
  entries: z.array(addressListEntrySchema),
  message: messageText,
});
export const putAddressListResponse = z.object({ revision: z.number().int(), created: z.boolean() });

export const activityQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export const activityResponse = z.object({
  items: z.array(
    z.object({
      ruleSetId: z.string(),
      ruleSetName: z.string(),
      number: z.number().int(),
      authorLabel: z.string(),
      message: z.string(),
      ruleCount: z.number().int(),
      createdAt: when,
      change: z.record(z.string(), z.union([z.number(), z.boolean()])).nullable(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pages: z.number().int(),
});
