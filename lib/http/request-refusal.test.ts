import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "./body-limits";
import { refusalFor } from "./request-refusal";

const req = (method: string, rawPathname: string, headers: Record<string, string> = {}) => ({
  method,
  rawPathname,
  headers: new Headers(headers),
});
const action = {
  "next-action": "60b74769dca133012b1ab2487d070a7c69ba4b57b7",
  host: "rampart.lan:3000",
  "content-length": "120",
};

describe("refusalFor", () => {
  it("refuses a malformed percent-escape anywhere in the path; well-formed escapes pass", () => {
    for (const p of ["/api/v1/routers/%E0%A4%A", "/routers/%ZZ", "/rule-sets/abc%", "/rule-sets/%C0%AF"])
      expect(refusalFor(req("GET", p))?.code, p).toBe("bad_request");
    for (const p of ["/api/v1/routers/abc", "/rule-sets/%E0%A4%A4", "/audit", "/rule-sets/%3Cscript%3E"])
      expect(refusalFor(req("GET", p)), p).toBeNull();
  });

  it("refuses a server action from another origin, as Next's own check would, but with a 403", () => {
    expect(refusalFor(req("POST", "/login", { ...action, origin: "http://evil.example" }))?.code).toBe("forbidden");
    expect(refusalFor(req("POST", "/login", { ...action, origin: "null" }))?.code).toBe("forbidden");
    expect(refusalFor(req("POST", "/login", { ...action, origin: "http://rampart.lan:3000" }))).toBeNull();
    expect(
      refusalFor(
        req("POST", "/login", { ...action, origin: "https://rampart.example", "x-forwarded-host": "rampart.example" }),
      ),
    ).toBeNull();
    // No Origin at all (old clients, curl): Next lets it through and so do we.
    expect(refusalFor(req("POST", "/login", action))).toBeNull();
    // Not a server action: page and API posts keep their own checks.
    expect(
      refusalFor(req("POST", "/api/v1/tokens", { origin: "http://evil.example", host: "rampart.lan:3000" })),
    ).toBeNull();
  });

  it("refuses a server action body over the limit with 413 and one without a declared length with 411", () => {
    expect(
      refusalFor(req("POST", "/login", { ...action, "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES + 1) })),
    ).toEqual({
      ok: false,
      code: "payload_too_large",
      message: "The form data is larger than the limit of 8 MB.",
    });
    expect(
      refusalFor(req("POST", "/login", { ...action, "content-length": String(SERVER_ACTION_BODY_LIMIT_BYTES) })),
    ).toBeNull();
    const { "content-length": _, ...chunked } = action;
    expect(refusalFor(req("POST", "/login", chunked))?.code).toBe("length_required");
  });

  it("uses the same limit as next.config.js serverActions.bodySizeLimit", () => {
    const config = createRequire(import.meta.url)("../../next.config.js");
    const limit: string = config.experimental.serverActions.bodySizeLimit;
    const m = /^(\d+)mb$/.exec(limit);
    expect(m, limit).not.toBeNull();
    expect(Number(m![1]) * 1024 * 1024).toBe(SERVER_ACTION_BODY_LIMIT_BYTES);
  });
});
