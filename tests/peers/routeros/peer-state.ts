import type { Row } from "./query";

/** Everything one simulated router holds. Tests read it directly to assert what the router really has. */
export interface PeerState {
  /** As /system/resource prints it, e.g. "7.18.2 (stable)"; drives !empty (7.18) and the clock date format (7.10). */
  version: string;
  identity: string;
  boardName: string;
  users: Map<string, string>;
  /** Menu path without slashes at the ends ("ip/firewall/filter") -> rows in router order. */
  menus: Map<string, Row[]>;
  /** Built-in rows that may not be moved, set or removed (the fasttrack dummy rule). */
  builtinIds: Set<string>;
  /** `*HEX` ids are never reused: one counter for the whole router. */
  nextId: number;
  /** Added to the wall clock; advanceClock() moves it to make schedulers due without waiting. */
  clockOffsetMs: number;
  bootedAt: number;
  /** `:log` lines and scheduler/script run records, oldest first. */
  log: Array<{ topic: string; message: string }>;
  /** Every post-login API sentence the peer executed, for assertions. */
  commands: string[][];
  /** /login sentences received (any outcome): proves whether a client sent credentials at all. */
  loginAttempts: number;
}

export function newPeerState(version: string, identity: string, users: Record<string, string>): PeerState {
  return {
    version,
    identity,
    boardName: "CHR",
    users: new Map(Object.entries(users)),
    menus: new Map(),
    builtinIds: new Set(),
    nextId: 1,
    clockOffsetMs: 0,
    bootedAt: Date.now(),
    log: [],
    commands: [],
    loginAttempts: 0,
  };
}

export function peerNow(state: PeerState): number {
  return Date.now() + state.clockOffsetMs;
}

export function allocateId(state: PeerState): string {
  return "*" + (state.nextId++).toString(16).toUpperCase();
}

export function menuRows(state: PeerState, menu: string): Row[] {
  let rows = state.menus.get(menu);
  if (!rows) state.menus.set(menu, (rows = []));
  return rows;
}

/** "7.18.2 (stable)" >= "7.18"? */
export function versionAtLeast(version: string, min: string): boolean {
  const a = (version.match(/^[\d.]+/)?.[0] ?? "0").split(".").map(Number);
  const b = min.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
