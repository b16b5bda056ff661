/**
 * A deadline measured on the wire. Node runs expired timers before it reads the sockets that became readable
 * meanwhile, so after our own process was busy (a large compare, a sweep of thousands) a reply already waiting
 * in the socket would lose to its deadline, and an answering router would be recorded as down. The verdict is
 * taken after that I/O (setImmediate runs after the loop's poll phase): if anything arrived, the wait starts
 * again from then.
 */
export function onWireDeadline(
  done: () => boolean,
  quietSince: () => number,
  limitMs: number,
  rearm: (ms: number) => void,
  expire: () => void,
): void {
  setImmediate(() => {
    if (done()) return;
    const quietFor = Date.now() - quietSince();
    if (quietFor < limitMs) rearm(limitMs - quietFor);
    else expire();
  });
}
