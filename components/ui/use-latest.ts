"use client";

import { useLayoutEffect, useRef } from "react";

/**
 * A ref that always holds the newest value, for stable callbacks (event handlers, window listeners) that must
 * see the latest props. Written after each commit, not during render, so a render React discards never leaks
 * into a handler. Name the result `somethingRef`: React's compiler and lint rules then treat it as a ref.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
