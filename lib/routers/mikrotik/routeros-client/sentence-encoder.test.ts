import { Transmitter } from "node-routeros";
import { describe, expect, it } from "vitest";
import { encodeSentence, lengthPrefix } from "./sentence-encoder";

/** The library's own word encoder, the reference the one-Buffer sentence must match byte for byte. */
const library = new Transmitter({ writable: true, write: () => true } as never) as unknown as {
  encodeString(w: string | null): Buffer | string;
};
const libraryWord = (w: string) => library.encodeString(w) as Buffer;
const librarySentence = (words: string[]) => Buffer.concat([...words.map(libraryWord), Buffer.from([0])]);

describe("lengthPrefix", () => {
  // docs/routeros-api-protocol.md §2 worked examples.
  it.each([
    [0x00, "00"],
    [0x7f, "7f"],
    [0x80, "8080"],
    [0x3fff, "bfff"],
    [0x4000, "c04000"],
    [0x1fffff, "dfffff"],
    [0x200000, "e0200000"],
    [0xfffffff, "efffffff"],
    [0x10000000, "f010000000"],
  ])("%i → %s", (len, hex) => {
    expect(Buffer.from(lengthPrefix(len), "latin1").toString("hex")).toBe(hex);
  });
});

describe("encodeSentence", () => {
  it.each([
    ["a print", ["/ip/firewall/filter/print", "=.proplist=.id,comment", ".tag=7"]],
    ["an empty word", ["/x", "=comment=", ""]],
    [
      "words at each prefix boundary",
      [
        "=a=" + "x".repeat(0x7f - 3),
        "=a=" + "x".repeat(0x80 - 3),
        "=a=" + "x".repeat(0x3fff - 3),
        "=a=" + "x".repeat(0x4000 - 3),
      ],
    ],
    [
      "windows-1252 words (the library's bytes)",
      ["/ip/firewall/filter/add", "=comment=Café €5 – “quoted”", "=password=Sup3r-s3cret-€"],
    ],
    ["a character windows-1252 lacks (the library sends '?')", ["=comment=日本"]],
    ["no words", []],
  ])("%s: the same bytes as node-routeros word by word", (_name, words) => {
    expect(encodeSentence(words, libraryWord).equals(librarySentence(words))).toBe(true);
  });
});
