import { z } from "zod";
import { hasLoneSurrogate, LONE_SURROGATE_MESSAGE } from "@/lib/http/well-formed";
import { findNonCp1252Char } from "./cp1252";

/**
 * Free-text fields. A newline or NUL in a comment breaks router config files and CLI scripts downstream, so
 * control characters are refused at the edge, with the character named so the admin can find it.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/u;

const CONTROL_NAMES: Record<string, string> = {
  "\u0000": "NUL",
  "\t": "tab",
  "\n": "newline",
  "\r": "carriage return",
  "\u2028": "line separator",
  "\u2029": "paragraph separator",
};

export function describeControlChar(char: string): string {
  const named = CONTROL_NAMES[char];
  if (named) return named;
  return "U+" + (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
}

/** Every text helper starts here: a lone surrogate (from JSON or a server action's arguments) is not text at all. */
const wellFormedString = (label: string) => z.string().refine((text) => !hasLoneSurrogate(text), { message: `${label} ${LONE_SURROGATE_MESSAGE}`, abort: true });

function lengthOf(text: string): number {
  return [...text].length;
}

/** Text pushed to routers (comments, log prefixes): single line, windows-1252, at most `max` characters. */
export function routerTextSchema(label: string, max: number) {
  return wellFormedString(label)
    .normalize("NFC")
    .superRefine((text, ctx) => {
      const control = CONTROL.exec(text);
      if (control) ctx.addIssue({ code: "custom", message: `${label} contains a control character (${describeControlChar(control[0])})` });
      const unencodable = findNonCp1252Char(text);
      if (unencodable && !(control && control[0] === unencodable)) {
        ctx.addIssue({ code: "custom", message: `${label} contains '${unencodable}', which routers cannot store` });
      }
      if (lengthOf(text) > max) ctx.addIssue({ code: "custom", message: `${label} must be at most ${max} characters` });
    });
}

/** A name shown in the dashboard only: trimmed, single line, `min`-`max` characters. */
export function nameTextSchema(label: string, min: number, max: number) {
  return wellFormedString(label)
    .trim()
    .normalize("NFC")
    .superRefine((text, ctx) => {
      const control = CONTROL.exec(text);
      if (control) ctx.addIssue({ code: "custom", message: `${label} contains a control character (${describeControlChar(control[0])})` });
      if (lengthOf(text) < min) ctx.addIssue({ code: "custom", message: min === 1 ? `${label} is required` : `${label} must be at least ${min} characters` });
      if (lengthOf(text) > max) ctx.addIssue({ code: "custom", message: `${label} must be at most ${max} characters` });
    });
}

/** Longer dashboard-only text (descriptions): line breaks allowed, other control characters not. */
export function multilineTextSchema(label: string, max: number) {
  return wellFormedString(label)
    .normalize("NFC")
    .superRefine((text, ctx) => {
      const control = CONTROL_EXCEPT_LINE_BREAKS.exec(text);
      if (control) ctx.addIssue({ code: "custom", message: `${label} contains a control character (${describeControlChar(control[0])})` });
      if (lengthOf(text) > max) ctx.addIssue({ code: "custom", message: `${label} must be at most ${max} characters` });
    });
}
