import { isAscii } from "node:buffer";
import { createRequire } from "node:module";
import { Channel, Connector } from "node-routeros";
import { encodeSentence } from "./sentence-encoder";

/**
 * Process-wide fixes to node-routeros 1.6.9, applied once (routeros-api.md §8):
 * - `!empty` (RouterOS 7.18+) hits the unknown-reply branch, which throws inside the socket data handler and
 *   wedges the connection. Skipping it lets the following `!done` resolve the print with [] (§8.1, as in
 *   node-red-contrib-mikrotik PR 102).
 * - its transmitter logs every word it writes under DEBUG=routeros-api:*, `=password=` included; that
 *   namespace is switched off so no credential reaches a log.
 * - a sentence leaves as one Buffer in one socket write (sentence-encoder.ts) instead of a Buffer and a write
 *   per word; before the socket is writable the library's own pool path is kept.
 * - its receiver decodes every word through iconv-lite as windows-1252; a word of ASCII bytes (nearly all) is
 *   the same text read as latin1, without iconv's per-call decoder (a read-back is ~6,000 words).
 */
let applied = false;

export function applyNodeRouterosPatches(): void {
  if (applied) return;
  applied = true;
  const proto = Channel.prototype as unknown as { processPacket(packet: string[]): void };
  const original = proto.processPacket;
  proto.processPacket = function (this: unknown, packet: string[]) {
    if (packet[0] === "!empty") return;
    return original.call(this, packet);
  };
  const req = libraryRequire();
  silenceTransmitterDebug(req);
  decodeAsciiDirectly(req);
  writeWholeSentences();
}

/** `require` as node-routeros resolves it: the same `debug` and `iconv-lite` instances, wherever npm put them. */
function libraryRequire(): NodeJS.Require | null {
  try {
    // import.meta.url under ESM (vitest, Next); plain require when a loader compiled this file to CommonJS (tsx).
    const here = typeof import.meta.url === "string" ? createRequire(import.meta.url) : require;
    return createRequire(here.resolve("node-routeros"));
  } catch {
    return null;
  }
}

type Decode = (buf: Buffer, encoding: string, options?: unknown) => string;

function decodeAsciiDirectly(req: NodeJS.Require | null): void {
  try {
    const iconv = req?.("iconv-lite") as { decode: Decode } | undefined;
    if (!iconv) return;
    const original = iconv.decode;
    // Only the library's encoding, and only bytes windows-1252 maps to themselves; everything else as before.
    iconv.decode = (buf, encoding, options) => (encoding === "win1252" && Buffer.isBuffer(buf) && isAscii(buf) ? buf.toString("latin1") : original(buf, encoding, options));
  } catch {
    // Without it the library decodes as it always did.
  }
}

interface TransmitterInternals {
  socket: { writable: boolean; write(data: Buffer): boolean };
  pool: unknown[];
  encodeString(word: string): Buffer;
}

function writeWholeSentences(): void {
  const proto = Connector.prototype as unknown as { write(data: string[]): unknown; transmitter?: TransmitterInternals };
  const original = proto.write;
  proto.write = function (this: { transmitter?: TransmitterInternals }, data: string[]) {
    const t = this.transmitter;
    if (!t || !t.socket.writable || t.pool.length > 0) return original.call(this, data);
    t.socket.write(encodeSentence(data, (w) => t.encodeString(w)));
    return this;
  };
}

function silenceTransmitterDebug(req: NodeJS.Require | null): void {
  try {
    const debug = req?.("debug") as { disable(): string; enable(ns: string): void } | undefined;
    if (!debug) return;
    const current = debug.disable();
    if (current) debug.enable(`${current},-routeros-api:connector:transmitter:*`);
  } catch {
    // No debug module reachable means nothing can log either.
  }
}
