"use client";

import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from "react";

export type DragState = { id: string; from: number; over: number };

type Options = {
  containerRef: RefObject<HTMLDivElement | null>;
  rowHeight: number;
  count: number;
  onDrop: (id: string, to: number) => void;
};

const EDGE = 36;
const SCROLL_STEP = 14;

/**
 * Reorder by dragging a row's handle, with pointer events (mouse, pen and touch alike; HTML5 drag and drop
 * does not work on touch). The target is the row under the pointer, computed from the scroll position rather
 * than from DOM rows, so it works in a virtualized list; near the top or bottom edge the list scrolls.
 * Listeners sit on the window, so the drag survives its own row scrolling out of the rendered window.
 */
export function useRowDrag({ containerRef, rowHeight, count, onDrop }: Options) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const dragRef = useRef<DragState | null>(null);
  const pointerY = useRef(0);
  const onDropRef = useRef(onDrop);
  onDropRef.current = onDrop;

  const indexAt = useCallback(
    (clientY: number) => {
      const el = containerRef.current;
      if (!el) return 0;
      const y = clientY - el.getBoundingClientRect().top + el.scrollTop;
      return Math.max(0, Math.min(count - 1, Math.floor(y / rowHeight)));
    },
    [containerRef, rowHeight, count],
  );

  const update = useCallback(
    (next: DragState | null) => {
      dragRef.current = next;
      setDrag(next);
    },
    [],
  );

  useEffect(() => {
    if (!drag) return;
    let frame = 0;
    const autoScroll = () => {
      const el = containerRef.current;
      const current = dragRef.current;
      if (el && current) {
        const rect = el.getBoundingClientRect();
        const y = pointerY.current;
        const delta = y < rect.top + EDGE ? -SCROLL_STEP : y > rect.bottom - EDGE ? SCROLL_STEP : 0;
        if (delta !== 0) {
          el.scrollTop += delta;
          const over = indexAt(y);
          if (over !== current.over) update({ ...current, over });
        }
      }
      frame = requestAnimationFrame(autoScroll);
    };
    const move = (e: PointerEvent) => {
      pointerY.current = e.clientY;
      const current = dragRef.current;
      if (!current) return;
      const over = indexAt(e.clientY);
      if (over !== current.over) update({ ...current, over });
    };
    const up = () => {
      const current = dragRef.current;
      update(null);
      if (current && current.over !== current.from) onDropRef.current(current.id, current.over);
    };
    const cancel = () => update(null);
    const key = (e: KeyboardEvent) => {
      if (e.key === "Escape") cancel();
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
    window.addEventListener("pointercancel", cancel);
    window.addEventListener("keydown", key);
    frame = requestAnimationFrame(autoScroll);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
      window.removeEventListener("pointercancel", cancel);
      window.removeEventListener("keydown", key);
    };
    // Listeners are set up once per drag; positions come through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drag !== null]);

  const startDrag = useCallback(
    (e: ReactPointerEvent, id: string, index: number) => {
      if (e.button !== 0) return;
      e.preventDefault();
      pointerY.current = e.clientY;
      update({ id, from: index, over: index });
    },
    [update],
  );

  return { drag, startDrag };
}
