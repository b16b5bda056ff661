import { describe, expect, it } from "vitest";
import { decodeLength, encodeLength, encodeSentence, encodeWord, SentenceReader } from "./codec";
import { decodeCp1252, encodeCp1252 } from "./cp1252";

// docs/routeros-api-protocol.md §2 worked examples, checked there against node-routeros' own codec.
const EXAMPLES: Array<[number, string]> = [
  [0x00, "00"],
  [0x7f, "7f"],
  [0x80, "8080"],
  [0x3fff, "bfff"],
  [0x4000, "c04000"],
  [0x1fffff, "dfffff"],
  [0x200000, "e0200000"],
  [0xfffffff, "efffffff"],
  [0x10000000, "f010000000"],
];

describe("length prefixes", () => {
  it.each(EXAMPLES)("encodes %i as %s and decodes it back", (len, hex) => {
    expect(encodeLength(len).toString("hex")).toBe(hex);
    expect(decodeLength(Buffer.from(hex, "hex"))).toEqual({ length: len, prefixBytes: hex.length / 2 });
  });

  it("refuses reserved control bytes >= 0xF8", () => {
    expect(decodeLength(Buffer.from([0xf8]))).toBe("control-byte");
    expect(() => new SentenceReader().push(Buffer.from([0xff, 0]))).toThrow();
  });

  it("asks for more when a prefix is cut", () => {
    expect(decodeLength(Buffer.from([0xc0, 0x40]))).toBe("need-more");
  });
});

describe("SentenceReader", () => {
  const words = [
    "/ip/firewall/filter/add",
    "=comment=" + "x".repeat(200),
    "=chain=input",
    "=log-prefix=" + "y".repeat(0x4000 + 3),
  ];
  const bytes = Buffer.concat([encodeSentence(words), Buffer.from([0]), encodeSentence(["/quit"])]);

  it("reassembles sentences across every possible two-way split and drops empty sentences", () => {
    for (let cut = 0; cut <= bytes.length; cut += 97) {
      const r = new SentenceReader();
      const got = [...r.push(bytes.subarray(0, cut)), ...r.push(bytes.subarray(cut))];
      expect(got).toEqual([words, ["/quit"]]);
    }
  });

  it("reassembles byte-by-byte delivery", () => {
    const r = new SentenceReader();
    const got: string[][] = [];
    for (const b of bytes.subarray(0, 400)) got.push(...r.push(Buffer.from([b])));
    got.push(...r.push(bytes.subarray(400)));
    expect(got).toEqual([words, ["/quit"]]);
  });

  it("handles words as cp1252 bytes: the prefix counts bytes, not UTF-16 units", () => {
    const word = "=comment=Büro €5 “quoted”";
    const enc = encodeSentence([word]);
    expect(enc[0]).toBe(encodeCp1252(word).length);
    expect(new SentenceReader().push(enc)).toEqual([[word]]);
    expect(decodeCp1252(encodeCp1252("€"))).toBe("€");
    expect(encodeCp1252("日本").toString()).toBe("??");
  });
});

describe("encodeSentence", () => {
  it("writes exactly each word's encodeWord bytes and a zero, ASCII or not, short or long", () => {
    const words = [
      "!re",
      "=comment=€ – café Ÿ",
      "=.id=*1A",
      "x".repeat(0x7f),
      "y".repeat(0x80),
      "z".repeat(0x4000),
      "=name=日本",
      "",
    ];
    expect(encodeSentence(words)).toEqual(Buffer.concat([...words.map(encodeWord), Buffer.from([0])]));
  });
});
