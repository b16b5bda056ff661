import { createHash } from "node:crypto";
import type { RuleSetContent } from "@/lib/rules/schema";

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function contentHash(content: RuleSetContent): string {
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}
