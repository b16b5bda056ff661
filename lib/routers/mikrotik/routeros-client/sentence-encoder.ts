/**
 * One API sentence as one Buffer (docs/routeros-api-protocol.md §2): each word is its length prefix and bytes, then the
 * zero-length word. node-routeros encodes word by word (windows-1252 through iconv, a Buffer each) and writes
 * each word to the socket; a 200-rule push sends ~3,000 words per router, and that was a fifth of a fleet
 * push's CPU. ASCII words are their own windows-1252 bytes; any other word goes through `encodeWord`, the
 * library's own encoder, so the bytes on the wire stay exactly the library's.
 */
const ASCII = /^[\x00-\x7f]*$/;

/** The shortest length prefix (docs/routeros-api-protocol.md §2 table), as latin1 characters (one per byte). */
export function lengthPrefix(len: number): string {
  const c = String.fromCharCode;
  if (len < 0x80) return c(len);
  if (len < 0x4000) return c(((len >>> 8) & 0xff) | 0x80, len & 0xff);
  if (len < 0x200000) return c(((len >>> 16) & 0xff) | 0xc0, (len >>> 8) & 0xff, len & 0xff);
  if (len < 0x10000000) return c(((len >>> 24) & 0xff) | 0xe0, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  return c(0xf0, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
}

/** `encodeWord` returns one whole encoded word (prefix included): used for words that are not plain ASCII. */
export function encodeSentence(words: readonly string[], encodeWord: (word: string) => Buffer): Buffer {
  let s = "";
  for (const w of words) s += ASCII.test(w) ? lengthPrefix(w.length) + w : encodeWord(w).toString("latin1");
  return Buffer.from(s + "\0", "latin1");
}
