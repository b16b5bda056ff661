/**
 * Reads API sentences from the bytes a router sends (docs/routeros-api-protocol.md §2), across any TCP split: each word is a
 * length prefix (all five forms) and its bytes; a zero-length word ends the sentence. Words are decoded as
 * windows-1252, as node-routeros does (the protocol defines no charset): bytes 0x80–0x9F go through `decode`
 * (the library's iconv), every other byte is its own latin1 character, so nearly every word is one string
 * slice, without a Buffer per word.
 *
 * Replaces node-routeros' receiver, which slices and copies a Buffer per word, decodes each through iconv, and
 * delivers a reply whose final zero byte arrives in a later segment only when more bytes come (docs/routeros-api-protocol.md §8.7).
 */
export class SentenceReader {
  private pending: Buffer | null = null;
  private words: string[] = [];

  constructor(private readonly decode: (bytes: Buffer) => string) {}

  /** The sentences completed by this chunk, in order; an incomplete tail waits for the next chunk. */
  push(chunk: Buffer): string[][] {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    const done: string[][] = [];
    let pos = 0;
    while (pos < buf.length) {
      const header = prefixAt(buf, pos);
      if (header === null || pos + header.size + header.length > buf.length) break;
      pos += header.size;
      if (header.length === 0) {
        // An empty sentence (a lone zero byte) carries nothing: skipped, as the peer checklist says (docs/routeros-api-protocol.md §9.2).
        if (this.words.length > 0) done.push(this.words);
        this.words = [];
        continue;
      }
      this.words.push(this.word(buf, pos, pos + header.length));
      pos += header.length;
    }
    if (pos < buf.length) this.pending = Buffer.from(buf.subarray(pos));
    return done;
  }

  private word(buf: Buffer, start: number, end: number): string {
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b >= 0x80 && b <= 0x9f) return this.decode(buf.subarray(start, end));
    }
    return buf.toString("latin1", start, end);
  }
}

/** The length prefix at `pos`, or null when its bytes have not all arrived. Throws on a reserved byte. */
function prefixAt(buf: Buffer, pos: number): { size: number; length: number } | null {
  const b = buf[pos];
  const size = b < 0x80 ? 1 : b < 0xc0 ? 2 : b < 0xe0 ? 3 : b < 0xf0 ? 4 : b === 0xf0 ? 5 : 0;
  if (size === 0) throw new Error(`reserved control byte 0x${b.toString(16)} where a word length was expected`);
  if (pos + size > buf.length) return null;
  switch (size) {
    case 1:
      return { size, length: b };
    case 2:
      return { size, length: ((b & 0x3f) << 8) | buf[pos + 1] };
    case 3:
      return { size, length: ((b & 0x1f) << 16) | (buf[pos + 1] << 8) | buf[pos + 2] };
    case 4:
      return { size, length: (b & 0x0f) * 0x1000000 + ((buf[pos + 1] << 16) | (buf[pos + 2] << 8) | buf[pos + 3]) };
    default:
      return { size, length: buf.readUInt32BE(pos + 1) };
  }
}
