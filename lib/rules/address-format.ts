/**
 * Numeric address back to text. IPv6 follows RFC 5952 (lowercase, longest zero run of two or more groups
 * compressed, leftmost on ties) so hints and descriptions show the form admins and routers print.
 */

export type AddressFamily = "ipv4" | "ipv6";

export function formatIpv4(value: bigint): string {
  const n = Number(value);
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));

  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }

  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLen).join(":");
  return `${head}::${tail}`;
}

export function formatAddress(family: AddressFamily, value: bigint): string {
  return family === "ipv4" ? formatIpv4(value) : formatIpv6(value);
}
