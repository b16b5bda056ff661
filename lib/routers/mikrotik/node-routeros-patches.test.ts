import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { applyNodeRouterosPatches } from "./node-routeros-patches";

/** The iconv-lite instance node-routeros' receiver decodes with. */
const iconv = createRequire(createRequire(import.meta.url).resolve("node-routeros"))("iconv-lite") as { decode(b: Buffer, enc: string): string };

describe("node-routeros receiver decoding after the patches", () => {
  applyNodeRouterosPatches();
  it.each([
    ["ASCII", Buffer.from("=comment=rampart:r1 allow ssh", "latin1"), "=comment=rampart:r1 allow ssh"],
    ["empty", Buffer.alloc(0), ""],
    ["windows-1252 bytes", Buffer.from([0x3d, 0x80, 0x20, 0x96, 0x20, 0xe9, 0x9f]), "=€ – éŸ"],
  ])("%s words decode as windows-1252", (_name, bytes, text) => {
    expect(iconv.decode(bytes, "win1252")).toBe(text);
  });
  it("other encodings are left to iconv-lite", () => {
    expect(iconv.decode(Buffer.from([0xc3, 0xa9]), "utf8")).toBe("é");
  });
});
