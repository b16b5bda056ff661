/**
 * One router's per-rule hit state as the bytes of RouterHits.rules (prisma/schema.prisma): a fleet's drift reads
 * write one record per router, not one row per rule (docs/rule-hits.md §3). Pure, no I/O.
 *
 * Format 1, every number an unsigned LEB128 varint:
 *   1 | T | t0, t1 - t0, … (distinct times in ms, ascending) | N | N × (id length, id UTF-8, packets, bytes,
 *   first-seen time index, last-rise time index + 1 or 0 for none)
 * A router's rules share a few times (the first read, the reads that saw rises), so a time costs one or two bytes
 * by index instead of eight; rules sorted by id make equal state equal bytes, so an unchanged read is seen as one
 * without decoding. About 20 bytes a rule.
 */

export interface RuleHitState {
  packets: number;
  bytes: number;
  firstSeenAt: Date;
  lastIncreasedAt: Date | null;
}

const FORMAT = 1;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

export function encodeHits(rules: ReadonlyMap<string, RuleHitState>): Uint8Array<ArrayBuffer> {
  const distinct = new Set<number>();
  for (const r of rules.values()) {
    distinct.add(r.firstSeenAt.getTime());
    if (r.lastIncreasedAt) distinct.add(r.lastIncreasedAt.getTime());
  }
  const times = [...distinct].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  const w = new Writer();
  w.byte(FORMAT);
  w.uint(times.length);
  times.forEach((t, i) => w.uint(i === 0 ? t : t - times[i - 1]));
  const ids = [...rules.keys()].sort();
  w.uint(ids.length);
  for (const id of ids) {
    const r = rules.get(id)!;
    w.text(id);
    w.uint(r.packets);
    w.uint(r.bytes);
    w.uint(index.get(r.firstSeenAt.getTime())!);
    w.uint(r.lastIncreasedAt ? index.get(r.lastIncreasedAt.getTime())! + 1 : 0);
  }
  return w.done();
}

/** The rules' state, or null when the bytes are not a record this code wrote (then nothing is claimed). */
export function decodeHits(bytes: Uint8Array): Map<string, RuleHitState> | null {
  try {
    const r = new Reader(bytes);
    if (r.byte() !== FORMAT) return null;
    const times: number[] = [];
    for (let i = 0, n = r.uint(); i < n; i++) times.push(i === 0 ? r.uint() : times[i - 1] + r.uint());
    const at = (i: number) => {
      if (i >= times.length) throw new RangeError("time index");
      return new Date(times[i]);
    };
    const out = new Map<string, RuleHitState>();
    for (let i = 0, n = r.uint(); i < n; i++) {
      const id = r.text();
      const packets = r.uint();
      const bytesCount = r.uint();
      const firstSeenAt = at(r.uint());
      const last = r.uint();
      out.set(id, { packets, bytes: bytesCount, firstSeenAt, lastIncreasedAt: last === 0 ? null : at(last - 1) });
    }
    return r.atEnd() ? out : null;
  } catch {
    return null;
  }
}

class Writer {
  private buf: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private len = 0;

  byte(b: number) {
    if (this.len === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.len++] = b;
  }

  /** Counters reach 2^53 before they lose precision as numbers: arithmetic, not 32-bit shifts. */
  uint(n: number) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a count: ${n}`);
    while (n >= 0x80) {
      this.byte((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.byte(n);
  }

  text(s: string) {
    // rule ids are ASCII: a byte a character, without an encoder call per id
    if (/^[\x00-\x7f]*$/.test(s)) {
      this.uint(s.length);
      for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
      return;
    }
    const b = utf8.encode(s);
    this.uint(b.length);
    for (const x of b) this.byte(x);
  }

  done(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.len);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}

  byte(): number {
    if (this.at >= this.buf.length) throw new RangeError("truncated");
    return this.buf[this.at++];
  }

  uint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new RangeError("varint too long");
    }
    return n;
  }

  text(): string {
    const n = this.uint();
    if (this.at + n > this.buf.length) throw new RangeError("truncated");
    const s = fromUtf8.decode(this.buf.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  }

  atEnd(): boolean {
    return this.at === this.buf.length;
  }
}
