/**
 * Routers store comments and log prefixes as windows-1252 bytes, so text outside that code page is
 * mangled on the router and reads back different from what was pushed (drift that never settles).
 */

// The 27 characters cp1252 places in 0x80-0x9F; every other byte maps straight to U+0000-U+00FF.
const HIGH_CP1252 = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018,
  0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

export function isCp1252Char(char: string): boolean {
  const cp = char.codePointAt(0);
  if (cp === undefined) return false;
  if (cp <= 0x7f || (cp >= 0xa0 && cp <= 0xff)) return true;
  return HIGH_CP1252.has(cp);
}

/** The first character (a whole code point, so an emoji stays whole) that cp1252 cannot encode, or null. */
export function findNonCp1252Char(text: string): string | null {
  for (const char of text) if (!isCp1252Char(char)) return char;
  return null;
}
