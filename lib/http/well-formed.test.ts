import { describe, expect, it } from "vitest";
import { findLoneSurrogate, hasLoneSurrogate } from "./well-formed";

describe("lone surrogates", () => {
  it("finds an unpaired half but not a pair (an emoji) or plain text", () => {
    expect(hasLoneSurrogate(JSON.parse('"a\\ud800b"'))).toBe(true);
    expect(hasLoneSurrogate(JSON.parse('"\\udc00"'))).toBe(true);
    expect(hasLoneSurrogate(JSON.parse('"x\\ud83d"'))).toBe(true);
    expect(hasLoneSurrogate(JSON.parse('"\\ud83d\\udd25"'))).toBe(false);
    expect(hasLoneSurrogate("Grüße €5 🔥")).toBe(false);
  });

  it("names the path of the first one, in values and in keys", () => {
    expect(findLoneSurrogate(JSON.parse('{"content":{"rules":[{"comment":"ok"},{"comment":"x\\ud800"}]}}'))).toEqual([
      "content",
      "rules",
      1,
      "comment",
    ]);
    expect(findLoneSurrogate(JSON.parse('{"params":{"bad\\udfffkey":1}}'))).toEqual(["params", "bad\udfffkey"]);
    expect(findLoneSurrogate(JSON.parse('"\\ud800"'))).toEqual([]);
    expect(findLoneSurrogate({ a: ["🔥", { b: 1, c: null, d: true }] })).toBeNull();
  });
});
