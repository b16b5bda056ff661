import { createHash } from "node:crypto";
import type { Rule, RuleSetContent } from "@/lib/rules/schema";

/**
 * JSON with object keys sorted at every level, so equal content always hashes the same. Written out by hand:
 * the same text as JSON.stringify with a key-sorting replacer (canonical-json.test.ts holds them equal), without
 * a sorted copy of every object, which made hashing a 5,000-rule save cost ~40 ms a time.
 */
export function canonicalJson(value: unknown, known?: ReadonlyMap<unknown, string>): string {
  return write(value, known) as string;
}

function write(v: unknown, known: ReadonlyMap<unknown, string> | undefined): string | undefined {
  if (v === null) return "null";
  const text = known?.get(v);
  if (text !== undefined) return text;
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? JSON.stringify(v) : "null";
    case "boolean":
      return v ? "true" : "false";
    case "object": {
      const json = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof json === "function") return write(json.call(v), known);
      if (Array.isArray(v)) return `[${v.map((x) => write(x, known) ?? "null").join(",")}]`;
      const o = v as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of Object.keys(o).sort()) {
        const s = write(o[k], known);
        if (s !== undefined) parts.push(`${JSON.stringify(k)}:${s}`);
      }
      return `{${parts.join(",")}}`;
    }
    default:
      // undefined, functions and symbols: left out of objects, null in arrays, as JSON.stringify does
      return undefined;
  }
}

export function contentHash(content: RuleSetContent): string {
  return textHash(canonicalJson(withoutEmptyNat(content)));
}

/** A set without NAT rules has no `nat` key, as revisions stored before NAT existed: the same content, one hash. */
function withoutEmptyNat(content: RuleSetContent): RuleSetContent {
  if (content.nat === undefined || content.nat.length > 0) return content;
  const { nat: _empty, ...rest } = content;
  return rest;
}

export type CanonicalTexts = { text: string; ruleTexts: ReadonlyMap<Rule, string> };

/**
 * The canonical text of the content and of each rule in it (working-copy rows store the latter). `known` holds
 * texts already known for rule objects, such as rules put back from canonical working-copy rows: they are not
 * serialised again, which was most of the time a 5,000-rule save spent hashing.
 */
export function canonicalTexts(content: RuleSetContent, known?: ReadonlyMap<unknown, string>): CanonicalTexts {
  const ruleTexts = new Map<Rule, string>();
  for (const r of content.rules) ruleTexts.set(r, known?.get(r) ?? canonicalJson(r));
  return { text: canonicalJson(withoutEmptyNat(content), ruleTexts), ruleTexts };
}

/** contentHash of content whose canonicalJson is `text` (a save stores that text and hashes it once). */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
