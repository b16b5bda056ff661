"use client";

import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
  type RefObject,
} from "react";
import { useLatest } from "@/components/ui/use-latest";

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
 * Listeners go on the window at pointerdown (not in an effect, so no early move is missed) and survive the
 * dragged row scrolling out of the rendered window.
 */
export function useRowDrag({ containerRef, rowHeight, count, onDrop }: Options) {
  const [drag, setDrag] = useState<DragState | null>(null);
  const latestRef = useLatest({ rowHeight, count, onDrop });
  const stop = useRef<(() => void) | null>(null);

  useEffect(() => () => stop.current?.(), []);

  const startDrag = useCallback(
    (e: ReactPointerEvent, id: string, index: number) => {
      if (e.button !== 0) return;
      e.preventDefault();
      stop.current?.();
      let state: DragState = { id, from: index, over: index };
      let pointerY = e.clientY;
      let frame = 0;
      const set = (next: DragState) => {
        state = next;
        setDrag(next);
      };
      const indexAt = (clientY: number) => {
        const el = containerRef.current;
        if (!el) return state.over;
        const y = clientY - el.getBoundingClientRect().top + el.scrollTop;
        return Math.max(0, Math.min(latestRef.current.count - 1, Math.floor(y / latestRef.current.rowHeight)));
      };
      const retarget = () => {
        const over = indexAt(pointerY);
        if (over !== state.over) set({ ...state, over });
      };
      const autoScroll = () => {
        const el = containerRef.current;
        if (el) {
          const rect = el.getBoundingClientRect();
          const delta = pointerY < rect.top + EDGE ? -SCROLL_STEP : pointerY > rect.bottom - EDGE ? SCROLL_STEP : 0;
          if (delta !== 0) {
            el.scrollTop += delta;
            retarget();
          }
        }
        frame = requestAnimationFrame(autoScroll);
      };
      const move = (ev: PointerEvent) => {
        pointerY = ev.clientY;
        retarget();
      };
      const end = (drop: boolean) => {
        cleanup();
        setDrag(null);
        if (drop && state.over !== state.from) latestRef.current.onDrop(state.id, state.over);
      };
      const up = (ev: PointerEvent) => {
        pointerY = ev.clientY;
        retarget();
        end(true);
      };
      const cancel = () => end(false);
      const key = (ev: KeyboardEvent) => ev.key === "Escape" && cancel();
      const cleanup = () => {
        cancelAnimationFrame(frame);
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
        window.removeEventListener("pointercancel", cancel);
        window.removeEventListener("keydown", key);
        stop.current = null;
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
      window.addEventListener("pointercancel", cancel);
      window.addEventListener("keydown", key);
      stop.current = cleanup;
      frame = requestAnimationFrame(autoScroll);
      set(state);
    },
    [containerRef, latestRef],
  );

  return { drag, startDrag };
}
