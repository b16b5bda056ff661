import { describe, expect, it } from "vitest";
import { lengthPrefix } from "./sentence-encoder";
import { SentenceReader } from "./sentence-reader";

// windows-1252 for the bytes 0x80-0x9F the tests use; everything else is latin1.
const CP1252: Record<number, string> = { 0x80: "€", 0x96: "–", 0x9f: "Ÿ" };
const decode = (b: Buffer) => Array.from(b, (x) => CP1252[x] ?? String.fromCharCode(x)).join("");

function wire(sentences: (string | Buffer)[][]): Buffer {
  const parts: Buffer[] = [];
  for (const s of sentences) {
    for (const w of s) {
      const bytes = typeof w === "string" ? Buffer.from(w, "latin1") : w;
      parts.push(Buffer.from(lengthPrefix(bytes.length), "latin1"), bytes);
    }
    parts.push(Buffer.from([0]));
  }
  return Buffer.concat(parts);
}

describe("SentenceReader", () => {
  const long = (n: number) => `=comment=${"x".repeat(n - 9)}`;
  const sentences = [
    ["!re", "=.id=*1", long(0x80), long(0x4000), ".tag=a1"],
    ["!done", ".tag=a1"],
    ["!trap", "=message=failure: already have such entry", ".tag=b2"],
    ["!done", "=ret=*A", ".tag=b2"],
  ];
  const expected = sentences;

  it("reads every length-prefix form the protocol defines, in one chunk", () => {
    expect(new SentenceReader(decode).push(wire(sentences))).toEqual(expected);
    const huge = long(0x200000);
    expect(new SentenceReader(decode).push(wire([["!re", huge]]))).toEqual([["!re", huge]]);
  });

  it("gives the same sentences however TCP splits the bytes, each as soon as its last byte is in", () => {
    const bytes = wire(sentences);
    const ends = sentences.map((_, i) => wire(sentences.slice(0, i + 1)).length);
    for (let cut = 1; cut < bytes.length; cut += 97) {
      for (const second of [cut + 1, cut + 5000, bytes.length]) {
        const r = new SentenceReader(decode);
        const got = [
          ...r.push(bytes.subarray(0, cut)),
          ...r.push(bytes.subarray(cut, second)),
          ...r.push(bytes.subarray(second)),
        ];
        expect(got).toEqual(expected);
      }
      expect(new SentenceReader(decode).push(bytes.subarray(0, cut)).length).toBe(ends.filter((e) => e <= cut).length);
    }
    const r = new SentenceReader(decode);
    const oneByOne = Array.from(bytes).flatMap((b) => r.push(Buffer.from([b])));
    expect(oneByOne).toEqual(expected);
  });

  it("decodes windows-1252 bytes through the decoder and leaves other bytes as latin1", () => {
    const word = Buffer.from([0x3d, 0x80, 0x20, 0x96, 0x20, 0xe9, 0x9f]);
    expect(new SentenceReader(decode).push(wire([["!re", word]]))).toEqual([["!re", "=€ – éŸ"]]);
    expect(new SentenceReader(decode).push(wire([["!re", Buffer.from([0x3d, 0xe9, 0xa0])]]))).toEqual([
      ["!re", "=é\u00a0"],
    ]);
  });

  it("skips empty sentences and refuses a reserved control byte", () => {
    expect(new SentenceReader(decode).push(Buffer.concat([Buffer.from([0, 0]), wire([["!done"]])]))).toEqual([
      ["!done"],
    ]);
    expect(() => new SentenceReader(decode).push(Buffer.from([0xf8, 1, 2]))).toThrow(/reserved control byte 0xf8/);
  });
});
