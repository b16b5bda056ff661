import { decodeCp1252, encodeCp1252 } from "./cp1252";

/**
 * RouterOS API word codec (docs/routeros-api-protocol.md §2): length prefix + bytes, a sentence ends with a zero-length word.
 * The reader keeps bytes until a whole sentence is in, so any TCP split works.
 */

export function encodeLength(len: number): Buffer {
  if (len < 0 || !Number.isInteger(len)) throw new RangeError(`bad word length ${len}`);
  if (len < 0x80) return Buffer.from([len]);
  if (len < 0x4000) return Buffer.from([(len >> 8) | 0x80, len & 0xff]);
  if (len < 0x200000) return Buffer.from([(len >> 16) | 0xc0, (len >> 8) & 0xff, len & 0xff]);
  if (len < 0x10000000)
    return Buffer.from([((len >>> 24) & 0xff) | 0xe0, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
  return Buffer.from([0xf0, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
}

export type DecodedLength = { length: number; prefixBytes: number } | "need-more" | "control-byte";

export function decodeLength(buf: Uint8Array, at = 0): DecodedLength {
  if (at >= buf.length) return "need-more";
  const b = buf[at];
  // docs/routeros-api-protocol.md §2: a first byte >= 0xF8 is a reserved control byte; a reader cannot continue.
  if (b >= 0xf8) return "control-byte";
  const size = b < 0x80 ? 1 : b < 0xc0 ? 2 : b < 0xe0 ? 3 : b < 0xf0 ? 4 : 5;
  if (at + size > buf.length) return "need-more";
  let len = size === 1 ? b : size === 2 ? b & 0x3f : size === 3 ? b & 0x1f : size === 4 ? b & 0x0f : 0;
  for (let i = 1; i < size; i++) len = len * 256 + buf[at + i];
  return { length: len, prefixBytes: size };
}

export function encodeWord(word: string): Buffer {
  const bytes = encodeCp1252(word);
  return Buffer.concat([encodeLength(bytes.length), bytes]);
}

const ASCII = /^[\x00-\x7f]*$/;

/**
 * The same bytes as each word's encodeWord and the closing zero, built as one latin1 string and one Buffer: an
 * ASCII word is its own cp1252 bytes. Word by word, encoding was a fifth of a simulated router's CPU in the fleet
 * bench, where 200 of them share the machine with the process being measured.
 */
export function encodeSentence(words: string[]): Buffer {
  let s = "";
  for (const w of words)
    s += ASCII.test(w)
      ? (w.length < 0x80 ? String.fromCharCode(w.length) : encodeLength(w.length).toString("latin1")) + w
      : encodeWord(w).toString("latin1");
  return Buffer.from(s + "\0", "latin1");
}

/** Accumulates bytes and yields complete sentences; empty sentences are dropped (docs/routeros-api-protocol.md §3). */
export class SentenceReader {
  private buf: Buffer = Buffer.alloc(0);
  private words: string[] = [];
  private offset = 0;

  /** Throws on a control byte: the caller must drop the connection. */
  push(chunk: Uint8Array): string[][] {
    this.buf =
      this.buf.length === this.offset ? Buffer.from(chunk) : Buffer.concat([this.buf.subarray(this.offset), chunk]);
    this.offset = 0;
    const out: string[][] = [];
    for (;;) {
      const d = decodeLength(this.buf, this.offset);
      if (d === "need-more") break;
      if (d === "control-byte") throw new Error("reserved control byte in length prefix");
      if (this.offset + d.prefixBytes + d.length > this.buf.length) break;
      const start = this.offset + d.prefixBytes;
      this.offset = start + d.length;
      if (d.length === 0) {
        if (this.words.length > 0) out.push(this.words);
        this.words = [];
      } else {
        this.words.push(decodeCp1252(this.buf.subarray(start, start + d.length)));
      }
    }
    return out;
  }
}
