/**
 * node-routeros encodes every word as windows-1252 and silently turns other characters into '?'
 * (docs/routeros-api-protocol.md §2); docs/rulings.md §4 wants a field error instead, so words are checked before sending.
 */
const EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** The first character that cannot travel as windows-1252, or null. */
export function firstNonCp1252(text: string): string | null {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) || EXTRA.has(cp)) continue;
    return ch;
  }
  return null;
}
