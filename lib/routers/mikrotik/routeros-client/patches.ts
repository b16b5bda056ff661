import { createRequire } from "node:module";
import { Connector, Receiver, RosException } from "node-routeros";
import { encodeSentence } from "./sentence-encoder";
import { SentenceReader } from "./sentence-reader";

/**
 * Process-wide fixes to node-routeros, applied once on the first connect. Why each exists and what would let
 * it go is in index.ts; the facts are in docs/routeros-facts.md §2. Written against exactly this version
 * (package.json pins it; the contract tests check the installed one):
 */
export const PATCHED_VERSION = "1.6.9";

let applied = false;

export function applyNodeRouterosPatches(): void {
  if (applied) return;
  applied = true;
  const req = libraryRequire();
  silenceTransmitterDebug(req);
  writeWholeSentences();
  readWholeSentences(req);
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

interface TransmitterInternals {
  socket: { writable: boolean; write(data: Buffer): boolean };
  pool: unknown[];
  encodeString(word: string): Buffer;
}

/** Patch 2: one Buffer and one socket write per sentence (Connector.write). */
function writeWholeSentences(): void {
  const proto = Connector.prototype as unknown as {
    write(data: string[]): unknown;
    transmitter?: TransmitterInternals;
  };
  const original = proto.write;
  proto.write = function (this: { transmitter?: TransmitterInternals }, data: string[]) {
    const t = this.transmitter;
    if (!t || !t.socket.writable || t.pool.length > 0) return original.call(this, data);
    t.socket.write(encodeSentence(data, (w) => t.encodeString(w)));
    return this;
  };
}

interface ReceiverInternals {
  socket: { emit(ev: string): boolean };
  tags: Map<string, { callback(packet: string[]): void }>;
  rampartReader?: SentenceReader;
  /** Called for every whole sentence received: ros-connection's idle deadline restarts on it. */
  rampartOnSentence?: () => void;
  /** Once set (after login), every tagged sentence goes here instead of the library's channels. */
  rampartOnTagged?: (tag: string, packet: string[]) => void;
}

/** Patch 3: whole sentences cut from the bytes, handed to their tag (Receiver.processRawData). */
function readWholeSentences(req: NodeJS.Require | null): void {
  const iconv = req?.("iconv-lite") as { decode: Decode } | undefined;
  const decode = (bytes: Buffer) => (iconv ? iconv.decode(bytes, "win1252") : bytes.toString("latin1"));
  const proto = Receiver.prototype as unknown as { processRawData(this: ReceiverInternals, data: Buffer): void };
  proto.processRawData = function (this: ReceiverInternals, data: Buffer) {
    this.rampartReader ??= new SentenceReader(decode);
    for (const words of this.rampartReader.push(data)) {
      this.rampartOnSentence?.();
      let tag: string | null = null;
      const packet: string[] = [];
      for (const w of words) {
        if (w.startsWith(".tag=")) tag = w.slice(5);
        else packet.push(w);
      }
      if (packet[0] === "!fatal") {
        this.socket.emit("fatal");
        return;
      }
      if (tag === null) continue;
      if (this.rampartOnTagged) {
        this.rampartOnTagged(tag, packet);
        continue;
      }
      const reader = this.tags.get(tag);
      // The library's answer to a tag nobody waits for; ros-connection turns it into the end of the connection.
      if (!reader) throw new RosException("UNREGISTEREDTAG");
      reader.callback(packet);
    }
  };
}

/** Patch 1: the transmitter's debug namespace off, whatever DEBUG says. */
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
