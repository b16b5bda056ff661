import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "./safe-next";

describe("where sign-in may send the browser", () => {
  it.each([
    "/.//evil.example",
    "/./\\evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/././/evil.example/x",
    "//evil.example",
    "//evil.example/rule-sets",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    "/.%2F%2Fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/\u0000/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " /rule-sets",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%E0%A4%A", // broken percent-encoding
    "",
    "x".repeat(3000),
  ])("%j goes to the default page", (next) => {
    expect(safeNextPath(next)).toBe(DEFAULT_AFTER_SIGN_IN);
  });

  it.each([
    ["/rule-sets", "/rule-sets"],
    ["/routers/abc?tab=health", "/routers/abc?tab=health"],
    ["/audit?q=a%20b#top", "/audit?q=a%20b#top"],
    ["/rule-sets/./x/../y", "/rule-sets/y"],
    ["/settings?next=//evil.example", "/settings?next=//evil.example"],
    ["/javascript:alert(1)", "/javascript:alert(1)"],
  ])("%j stays on the site as %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it("every accepted value resolves to this site, whatever origin it is resolved against", () => {
    for (const next of ["/rule-sets", "/rule-sets/./x/../y", "/javascript:alert(1)"]) {
      const target = new URL(safeNextPath(next), "https://rampart.example:8443");
      expect(target.origin).toBe("https://rampart.example:8443");
    }
  });
});
