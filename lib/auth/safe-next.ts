/**
 * Where to go after signing in: a path on this site, or the default. An open redirect here would let a link
 * send an admin who just signed in to another site.
 *
 * The value is resolved as a URL against a stand-in origin and must keep that origin; the path that comes
 * out is what the browser is sent to, so it is checked again after normalising: "/.//evil.example" resolves
 * to the path "//evil.example", which a browser reads as another host. Backslashes (browsers treat "\" as
 * "/"), control characters (the URL parser drops tabs and newlines) and percent-encoded forms of these are
 * refused outright.
 */
export const DEFAULT_AFTER_SIGN_IN = "/rule-sets";

const STAND_IN = "http://rampart.invalid";

export function safeNextPath(next: unknown, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2048) return fallback;
  const path = localPath(next);
  if (path === null) return fallback;
  // Every decoding of the value (a few layers deep) must pass too, not only the value as sent.
  let layer = next;
  for (let i = 0; i < 4; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(layer);
    } catch {
      return fallback;
    }
    if (decoded === layer) break;
    if (localPath(decoded) === null) return fallback;
    layer = decoded;
  }
  return path;
}

/** The normalised path when `value` is a path on this site, else null. */
function localPath(value: string): string | null {
  if (!value.startsWith("/") || value.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, STAND_IN);
  } catch {
    return null;
  }
  const path = url.pathname + url.search + url.hash;
  return url.origin === STAND_IN && path.startsWith("/") && !path.startsWith("//") ? path : null;
}
