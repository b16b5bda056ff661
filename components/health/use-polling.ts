"use client";

import { useEffect, useRef, useState } from "react";

/** Re-fetches a same-origin JSON endpoint every `ms` while the tab is visible (and at once when the URL changes, if asked). */
export function usePolling<T>(
  url: string,
  initial: T,
  ms = 5000,
  loadOnChange = false,
): { data: T; error: string | null } {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const first = useRef(url);
  useEffect(() => {
    let stop = false;
    const load = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const res = await fetch(url, { cache: "no-store" });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        if (!stop) {
          setData(await res.json());
          setError(null);
        }
      } catch (e) {
        if (!stop) setError(e instanceof Error ? e.message : "failed");
      }
    };
    if (loadOnChange && url !== first.current) void load();
    const t = setInterval(load, ms);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [url, ms, loadOnChange]);
  return { data, error };
}
