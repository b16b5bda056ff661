import type { PortRange } from "./schema";

/**
 * Port text as admins type it ("22, 80,443 8000-8100") to PortRange[] and back. Order is kept and nothing
 * is merged, so the text the admin sees after a save is the text they typed, tidied.
 */

export type ParsePortsResult = { ok: true; ranges: PortRange[] } | { ok: false; message: string };

const DIGITS = /^[0-9]+$/;

export function parsePorts(text: string): ParsePortsResult {
  const tokens = text
    .replace(/\s*-\s*/g, "-")
    .split(/[\s,]+/)
    .filter((t) => t !== "");
  const ranges: PortRange[] = [];
  for (const token of tokens) {
    const parsed = parseToken(token);
    if (!parsed.ok) return parsed;
    ranges.push(parsed.range);
  }
  return { ok: true, ranges };
}

function parseToken(token: string): { ok: true; range: PortRange } | { ok: false; message: string } {
  const parts = token.split("-");
  if (parts.length > 2 || !parts.every((p) => DIGITS.test(p))) {
    return { ok: false, message: parts.length === 2 ? `'${token}' is not a port range` : `'${token}' is not a port` };
  }
  for (const part of parts) {
    const n = Number(part);
    if (n < 1 || n > 65535) return { ok: false, message: `port ${part.replace(/^0+(?=.)/, "")} is outside 1-65535` };
  }
  const from = Number(parts[0]);
  const to = Number(parts[parts.length - 1]);
  if (from > to) return { ok: false, message: `port range ${from}-${to} is backwards` };
  return { ok: true, range: { from, to } };
}

/** "22, 80, 8000-8100"; an empty list gives "" and the caller decides how to show "any". */
export function formatPorts(ranges: readonly PortRange[]): string {
  return ranges.map(formatPortRange).join(", ");
}

export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}
