import type { Socket } from "node:net";
import type { RouterOSAPI } from "node-routeros";

/**
 * The private fields of node-routeros 1.6.9 that the adapter reads or clears, typed in one place so that a
 * new library version that renames one shows up here (and in the contract tests), not as a silent no-op.
 */
export interface ConnectorInternals {
  socket?: Socket;
  receiver?: ReceiverHooks;
  emit(ev: string | symbol, ...a: unknown[]): boolean;
  /** Writes one sentence (patched: one Buffer, one socket write). */
  write(words: string[]): unknown;
  listenerCount(ev: string): number;
}

export interface ReceiverHooks {
  processRawData(d: Buffer): void;
  /** Set by the adapter; called by the patched receiver for every whole sentence (idle deadlines). */
  rampartOnSentence?: () => void;
  /** Set by the adapter once logged in: every tagged sentence goes to it, not to the library's channels. */
  rampartOnTagged?: (tag: string, packet: string[]) => void;
}

/** `api.connector`: created by `connect()`, holds the socket, the transmitter and the receiver. */
export function connectorOf(api: RouterOSAPI): ConnectorInternals | undefined {
  return (api as unknown as { connector?: ConnectorInternals }).connector;
}

/**
 * The library's private timers: `connectionHoldInterval` writes a `#` every timeout/2 while a command is
 * pending, `keptaliveby` is the keepalive loop. Both re-arm themselves after a failed write, so on a dead
 * socket they only keep the process alive; the library clears them only in its own close(), which never runs
 * once the socket died under it. Drop when upstream clears them on socket close.
 */
export function stopLibraryTimers(api: RouterOSAPI): void {
  const timers = api as unknown as { connectionHoldInterval?: NodeJS.Timeout; keptaliveby?: NodeJS.Timeout };
  clearTimeout(timers.connectionHoldInterval);
  clearTimeout(timers.keptaliveby);
}
