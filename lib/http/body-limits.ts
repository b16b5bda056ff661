/**
 * Request size limits, in one place so the refusals, the proxy and the README agree. README "Limits" lists them.
 * The server-action limit must equal next.config.js `serverActions.bodySizeLimit` (a test compares them): the
 * proxy refuses a larger declared body with 413 before Next would fail on it with a 500.
 */
export const API_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
export const SERVER_ACTION_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

export function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n.toLocaleString("en-US")} bytes`;
}
