import { z } from "zod";
import { driftViewSchema } from "@/lib/drift/schemas";
import { VENDORS, vendorProfile } from "@/lib/routers/profiles";
import { ruleSetMetaSchema } from "@/lib/rules/schema";
import { defineOperation } from "../operation";
import { idParams } from "./id-params";

/** Drift (live vs last pushed), adopt, acknowledge, import from a router, and the hand-paste text formats. */

const tag = "Drift and import";
const skippedSchema = z.object({
  ref: z.string(),
  label: z.string(),
  field: z.string().optional(),
  reason: z.string(),
  partial: z.boolean().optional(),
});
const vendorSchema = z.enum(VENDORS);
/** "vendor=mikrotik: RouterOS script (.rsc)", from the vendors' profiles. */
const formats = VENDORS.map((v) => `vendor=${v}: ${vendorProfile(v).textFormat.label}`).join("; ");

export const getDriftOp = defineOperation({
  id: "getRouterDrift",
  method: "GET",
  path: "/api/v1/routers/{id}/drift",
  summary:
    "The router's sync state (in-sync, drifted, never-pushed, unreachable) as the last check found it, with each difference field by field",
  tag,
  role: "viewer",
  params: idParams,
  response: driftViewSchema,
});

export const checkDriftOp = defineOperation({
  id: "checkRouterDrift",
  method: "POST",
  path: "/api/v1/routers/{id}/drift/check",
  summary: "Read the router now and compare its live managed rules with the last pushed revision",
  tag,
  role: "operator",
  params: idParams,
  response: driftViewSchema,
});

export const adoptDriftOp = defineOperation({
  id: "adoptRouterDrift",
  method: "POST",
  path: "/api/v1/routers/{id}/drift/adopt",
  summary:
    "Adopt: the router's live managed rules become a new revision of its rule set ('Adopted from router X by Y'), counted as pushed. Refused (409) when a managed rule holds what a rule set cannot",
  tag,
  role: "operator",
  params: idParams,
  response: z.object({ ruleSetId: z.string(), revision: z.number().int(), drift: driftViewSchema }),
});

export const acknowledgeDriftOp = defineOperation({
  id: "acknowledgeRouterDrift",
  method: "POST",
  path: "/api/v1/routers/{id}/drift/acknowledge",
  summary: "Acknowledge the current drift (audited); it stays marked until the router's live state changes again",
  tag,
  role: "operator",
  params: idParams,
  response: driftViewSchema,
});

export const importFromRouterOp = defineOperation({
  id: "importFromRouter",
  method: "POST",
  path: "/api/v1/routers/{id}/import",
  summary:
    "A new rule set from the router's current filter rules, NAT rows and address lists (foreign ones included); a row the model cannot hold is kept as a vendor raw rule in its place. What cannot be kept at all (dynamic rows) is listed in skipped. takeOwnership also assigns it to the router and claims the imported rows (claimed: how many), so the normal previewed push tags them in place instead of adding copies",
  tag,
  role: "operator",
  params: idParams,
  body: z.object({ name: ruleSetMetaSchema.shape.name, takeOwnership: z.boolean().optional() }),
  response: z.object({
    ruleSetId: z.string(),
    revision: z.number().int(),
    rules: z.number().int(),
    lists: z.number().int(),
    assigned: z.boolean(),
    claimed: z.number().int(),
    skipped: z.array(skippedSchema),
  }),
  successStatus: 201,
});

export const exportTextOp = defineOperation({
  id: "exportRuleSetText",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/export-text",
  summary: `A revision as text to paste by hand (${formats}). text/plain download`,
  tag,
  role: "viewer",
  params: idParams,
  query: z.object({ vendor: vendorSchema, revision: z.coerce.number().int().min(1).optional() }),
  response: z.string(),
  responseMediaType: "text/plain",
});

export const importTextOp = defineOperation({
  id: "importRuleSetText",
  method: "POST",
  path: "/api/v1/rule-sets/import-text",
  summary: `A new rule set from a vendor's hand-paste text (${formats}); lines or sections it cannot represent are listed in skipped`,
  tag,
  role: "operator",
  body: z.object({ vendor: vendorSchema, name: ruleSetMetaSchema.shape.name, text: z.string().min(1).max(4_000_000) }),
  response: z.object({ id: z.string(), revision: z.number().int(), skipped: z.array(skippedSchema) }),
  successStatus: 201,
});
