"use client";

import { useCallback, useLayoutEffect, useRef, useState } from "react";

/**
 * A fixed-row-height window over a long list: only the rows in view (plus `overscan` each side) are rendered,
 * so 5,000 rules cost about as much as 40. Rows sit at `index * rowHeight` inside a spacer of the full height.
 */
export function useVirtualWindow(count: number, rowHeight: number, overscan = 8) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useLayoutEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const onScroll = () => setScrollTop(el.scrollTop);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    el.addEventListener("scroll", onScroll, { passive: true });
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => {
      el.removeEventListener("scroll", onScroll);
      observer.disconnect();
    };
  }, []);

  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);

  /** Scrolls the least needed to show row `index` whole. */
  const scrollToIndex = useCallback(
    (index: number) => {
      const el = containerRef.current;
      if (!el) return;
      const top = index * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
      setScrollTop(el.scrollTop);
    },
    [rowHeight],
  );

  return { containerRef, start, end, totalHeight: count * rowHeight, scrollToIndex };
}

/**
 * Height that lets the list end `gap` px above the window's bottom edge, so the page itself does not scroll
 * and the list's own scrollbar is the one that moves through the rules. Never below `min`.
 */
export function useFillHeight(ref: { current: HTMLElement | null }, gap = 24, min = 240) {
  const [height, setHeight] = useState(min);
  useLayoutEffect(() => {
    const measure = () => {
      const el = ref.current;
      if (!el) return;
      const next = Math.max(min, Math.floor(window.innerHeight - el.getBoundingClientRect().top - gap));
      setHeight((h) => (Math.abs(h - next) > 1 ? next : h));
    };
    measure();
    window.addEventListener("resize", measure);
    // Banners above the list come and go; re-measure when the page layout changes size.
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => {
      window.removeEventListener("resize", measure);
      observer.disconnect();
    };
  }, [ref, gap, min]);
  return height;
}
