import { describeControlChar, wellFormedString } from "@/lib/validation/text-rules";
import { findNonCp1252Char } from "./cp1252";

/**
 * Free-text fields. A newline or NUL in a comment breaks router config files and CLI scripts downstream, so
 * control characters are refused at the edge, with the character named so the admin can find it. Dashboard-only
 * names and texts follow lib/validation/text-rules.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

function lengthOf(text: string): number {
  return [...text].length;
}

/** Text pushed to routers (comments, log prefixes): single line, windows-1252, at most `max` characters. */
export function routerTextSchema(label: string, max: number) {
  return wellFormedString(label)
    .normalize("NFC")
    .superRefine((text, ctx) => {
      const control = CONTROL.exec(text);
      if (control)
        ctx.addIssue({
          code: "custom",
          message: `${label} contains a control character (${describeControlChar(control[0])})`,
        });
      const unencodable = findNonCp1252Char(text);
      if (unencodable && !(control && control[0] === unencodable)) {
        ctx.addIssue({ code: "custom", message: `${label} contains '${unencodable}', which routers cannot store` });
      }
      if (lengthOf(text) > max) ctx.addIssue({ code: "custom", message: `${label} must be at most ${max} characters` });
    });
}
