import { z } from "zod";
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE } from "@/lib/http/well-formed";

/**
 * The one rule for names and free text typed into Rampart (router, token and rule-set names, site, notes,
 * descriptions, messages). Control characters break logs, exports and router scripts downstream; line and
 * paragraph separators break a "single line" name without looking like a line break; bidirectional overrides and
 * isolates make a name display as something else ("admin\u202Egnp.exe" shows as "adminexe.png"). Each is refused
 * at the edge, with the character named so the person can find it.
 */

/** C0 and C1 controls, DEL, U+2028/2029, bidi embeddings/overrides (U+202A–202E) and isolates (U+2066–2069). */
const FORBIDDEN_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** The same, but a multi-line text keeps tab, newline and carriage return. */
const FORBIDDEN_IN_TEXT =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const BIDI = /[\u202a-\u202e\u2066-\u2069]/u;

const CHAR_NAMES: Record<string, string> = {
  "\u0000": "NUL",
  "\t": "tab",
  "\n": "newline",
  "\r": "carriage return",
  "\u2028": "line separator",
  "\u2029": "paragraph separator",
  "\u202a": "left-to-right embedding",
  "\u202b": "right-to-left embedding",
  "\u202c": "pop directional formatting",
  "\u202d": "left-to-right override",
  "\u202e": "right-to-left override",
  "\u2066": "left-to-right isolate",
  "\u2067": "right-to-left isolate",
  "\u2068": "first strong isolate",
  "\u2069": "pop directional isolate",
};

export function describeControlChar(char: string): string {
  const named = CHAR_NAMES[char];
  if (named) return named;
  return "U+" + (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

/** The message for a forbidden character, or null when the text is clean. */
export function forbiddenCharMessage(label: string, text: string, multiline = false): string | null {
  const hit = (multiline ? FORBIDDEN_IN_TEXT : FORBIDDEN_IN_NAMES).exec(text);
  if (!hit) return null;
  const kind = BIDI.test(hit[0]) ? "a text-direction control" : "a control character";
  return `${label} contains ${kind} (${describeControlChar(hit[0])})`;
}

/** Every text helper starts here: a lone surrogate (from JSON or a server action's arguments) is not text at all. */
export const wellFormedString = (label: string) =>
  z.string().refine((text) => !hasLoneSurrogate(text), { message: `${label} ${LONE_SURROGATE_MESSAGE}`, abort: true });

function lengthOf(text: string): number {
  return [...text].length;
}

/** A single-line name or short text shown in the dashboard: trimmed, `min`-`max` characters. */
export function nameTextSchema(label: string, min: number, max: number) {
  return wellFormedString(label)
    .trim()
    .normalize("NFC")
    .superRefine((text, ctx) => {
      const bad = forbiddenCharMessage(label, text);
      if (bad) ctx.addIssue({ code: "custom", message: bad });
      if (lengthOf(text) < min)
        ctx.addIssue({
          code: "custom",
          message: min === 1 ? `${label} is required` : `${label} must be at least ${min} characters`,
        });
      if (lengthOf(text) > max) ctx.addIssue({ code: "custom", message: `${label} must be at most ${max} characters` });
    });
}

/** Longer dashboard-only text (notes, descriptions, messages): line breaks and tabs allowed, nothing else. */
export function multilineTextSchema(label: string, max: number) {
  return wellFormedString(label)
    .normalize("NFC")
    .superRefine((text, ctx) => {
      const bad = forbiddenCharMessage(label, text, true);
      if (bad) ctx.addIssue({ code: "custom", message: bad });
      if (lengthOf(text) > max) ctx.addIssue({ code: "custom", message: `${label} must be at most ${max} characters` });
    });
}

/**
 * A secret typed for a router (its password): kept byte for byte, since the router decides what a password may
 * hold, except NUL, which C-string layers on the way (SSH, the router's own login) cut the secret at.
 */
export function secretTextSchema(label: string, max: number) {
  return wellFormedString(label)
    .max(max, `${label} must be at most ${max} characters`)
    .refine((s) => !s.includes("\u0000"), `${label} contains a control character (NUL)`);
}
