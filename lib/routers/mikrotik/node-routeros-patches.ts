import { createRequire } from "node:module";
import { Channel } from "node-routeros";

/**
 * Process-wide fixes to node-routeros 1.6.9, applied once (routeros-api.md §8):
 * - `!empty` (RouterOS 7.18+) hits the unknown-reply branch, which throws inside the socket data handler and
 *   wedges the connection. Skipping it lets the following `!done` resolve the print with [] (§8.1, as in
 *   node-red-contrib-mikrotik PR 102).
 * - its transmitter logs every word it writes under DEBUG=routeros-api:*, `=password=` included; that
 *   namespace is switched off so no credential reaches a log.
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
  silenceTransmitterDebug();
}

function silenceTransmitterDebug(): void {
  try {
    // The same `debug` instance node-routeros resolved, wherever npm put it.
    // import.meta.url under ESM (vitest, Next); plain require when a loader compiled this file to CommonJS (tsx).
    const here = typeof import.meta.url === "string" ? createRequire(import.meta.url) : require;
    const req = createRequire(here.resolve("node-routeros"));
    const debug = req("debug") as { disable(): string; enable(ns: string): void };
    const current = debug.disable();
    if (current) debug.enable(`${current},-routeros-api:connector:transmitter:*`);
  } catch {
    // No debug module reachable means nothing can log either.
  }
}
