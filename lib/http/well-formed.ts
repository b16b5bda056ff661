/**
 * JSON can carry a lone UTF-16 surrogate ("\ud800" unpaired), which is not text: no encoding can store it, and
 * Prisma's query engine fails on it deep inside a write. Such strings are refused at the edge, where the field
 * they came in is still known. With the u flag a paired surrogate is one code point, so only lone ones match.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

export const LONE_SURROGATE_MESSAGE =
  "contains an unpaired UTF-16 surrogate (a broken \\uD800-\\uDFFF escape), which is not text";

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The path of the first string (value or object key) holding a lone surrogate, or null when all text is well formed. */
export function findLoneSurrogate(value: unknown): (string | number)[] | null {
  const path: (string | number)[] = [];
  const visit = (v: unknown): boolean => {
    if (typeof v === "string") return hasLoneSurrogate(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        if (visit(v[i])) return true;
        path.pop();
      }
    } else if (v && typeof v === "object") {
      for (const [k, inner] of Object.entries(v)) {
        path.push(k);
        if (hasLoneSurrogate(k) || visit(inner)) return true;
        path.pop();
      }
    }
    return false;
  };
  return visit(value) ? path : null;
}
