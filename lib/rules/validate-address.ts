import { z } from "zod";
import { parseAddressSpec, type AddressSpec } from "./address";

/** One address, CIDR prefix or range as text; the parser's message becomes the field message. */
export const addressSpecSchema = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    const parsed = parseAddressSpec(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
  });

/** Parses each text, skipping the ones that fail (their own field already carries that message). */
export function parseValidSpecs(texts: readonly string[]): (AddressSpec | null)[] {
  return texts.map((text) => {
    const parsed = parseAddressSpec(text);
    return parsed.ok ? parsed : null;
  });
}

/**
 * Reports texts that cover exactly the same addresses as an earlier one ("10.0.0.1" twice, or
 * "10.0.0.0/24" beside "10.0.0.0-10.0.0.255"); routers refuse or silently merge such duplicates.
 */
export function findDuplicateSpecs(texts: readonly string[]): { index: number; message: string }[] {
  const seen = new Map<string, string>();
  const duplicates: { index: number; message: string }[] = [];
  parseValidSpecs(texts).forEach((spec, index) => {
    if (!spec) return;
    const key = `${spec.family}:${spec.from}-${spec.to}`;
    const text = texts[index].trim();
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, text);
    } else {
      duplicates.push({
        index,
        message: earlier === text ? `${text} is listed twice` : `${text} covers the same addresses as ${earlier}`,
      });
    }
  });
  return duplicates;
}
