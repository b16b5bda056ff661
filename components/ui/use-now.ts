"use client";

import { useSyncExternalStore } from "react";

// One clock for every component that shows "x ago" or a time axis: a single interval, ticking once a second
// while anything listens.
const listeners = new Set<() => void>();
let now = 0;
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(onTick: () => void): () => void {
  listeners.add(onTick);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(onTick);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * The current time in ms, ticking each second; null on the server and during hydration, so both sides render
 * the same markup and the clock appears only after mount.
 */
export function useNow(): number | null {
  return useSyncExternalStore(
    subscribe,
    () => (timer ? now : null),
    () => null,
  );
}
