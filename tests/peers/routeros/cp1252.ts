/**
 * windows-1252 <-> string, so the peer handles words as bytes the way node-routeros (iconv win1252) does.
 * 0x80-0x9F differ from latin1; five of those bytes are undefined in cp1252 and map to the same code point
 * (as iconv-lite does), everything else is latin1.
 */
const HIGH: Array<number> = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
];
const REVERSE = new Map<number, number>(HIGH.map((cp, i) => [cp, 0x80 + i]));

export function decodeCp1252(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80] : b);
  return out;
}

/** Characters outside cp1252 become '?', like the client library does. */
export function encodeCp1252(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const mapped = REVERSE.get(cp);
    if (mapped !== undefined) out.push(mapped);
    else if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out.push(cp);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}
