import { z } from "zod";
import { formatIssues, type FormattedIssue } from "./format-issues";
import {
  addressListSchema,
  natRulesSchema,
  rulesArraySchema,
  ruleSetMetaSchema,
  type RuleSetContent,
  type RuleSetMeta,
} from "./schema";
import { checkRuleSetContent } from "./validate-content";
import { checkNatContent } from "./validate-nat";

/**
 * The file an admin downloads and imports elsewhere. `formatVersion` lets a later Rampart read old files and
 * lets this one refuse newer files clearly instead of misreading them.
 */

export const RULE_SET_FORMAT_VERSION = 1;

export const ruleSetExportSchema = z.object({
  formatVersion: z.literal(RULE_SET_FORMAT_VERSION),
  exportedAt: z.iso.datetime({ offset: true, error: "exportedAt must be an ISO 8601 date and time" }),
  ruleSet: z
    .object({
      ...ruleSetMetaSchema.shape,
      rules: rulesArraySchema,
      addressLists: z.array(addressListSchema),
      nat: natRulesSchema.optional(),
    })
    .superRefine(checkRuleSetContent)
    .superRefine(checkNatContent),
});
export type RuleSetExport = z.infer<typeof ruleSetExportSchema>;

export type ParsedRuleSetExport =
  | { ok: true; exportedAt: string; meta: RuleSetMeta; content: RuleSetContent }
  | { ok: false; issues: FormattedIssue[] };

export function exportRuleSet(
  meta: RuleSetMeta,
  content: RuleSetContent,
  exportedAt: Date = new Date(),
): RuleSetExport {
  return {
    formatVersion: RULE_SET_FORMAT_VERSION,
    exportedAt: exportedAt.toISOString(),
    ruleSet: {
      name: meta.name,
      description: meta.description,
      rules: content.rules,
      addressLists: content.addressLists,
      // Only sets with NAT rules carry the key, so an export of any other set reads as before.
      ...(content.nat?.length ? { nat: content.nat } : {}),
    },
  };
}

/** Reads an export already decoded from JSON, with the same checks as the editor. */
export function parseRuleSetExport(json: unknown): ParsedRuleSetExport {
  const versionProblem = checkFormatVersion(json);
  if (versionProblem) return { ok: false, issues: [{ path: "formatVersion", message: versionProblem }] };

  const parsed = ruleSetExportSchema.safeParse(json);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error) };
  const { name, description, rules, addressLists, nat } = parsed.data.ruleSet;
  return {
    ok: true,
    exportedAt: parsed.data.exportedAt,
    meta: { name, description },
    content: nat?.length ? { rules, addressLists, nat } : { rules, addressLists },
  };
}

/** Reads an export file's text. */
export function parseRuleSetExportText(text: string): ParsedRuleSetExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ path: "", message: "the file is not valid JSON" }] };
  }
  return parseRuleSetExport(json);
}

function checkFormatVersion(json: unknown): string | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return "this is not a Rampart rule-set export";
  if (!("formatVersion" in json)) return "this is not a Rampart rule-set export (formatVersion is missing)";
  const version = json.formatVersion;
  if (version === RULE_SET_FORMAT_VERSION) return null;
  if (typeof version === "number" && Number.isInteger(version) && version > RULE_SET_FORMAT_VERSION) {
    return `this file has format version ${version}, made by a newer Rampart; this one reads version ${RULE_SET_FORMAT_VERSION}`;
  }
  return `unknown format version ${JSON.stringify(version)}; this Rampart reads version ${RULE_SET_FORMAT_VERSION}`;
}
