import net from "node:net";

/**
 * A TCP proxy of ours that delays both directions (docs/rulings.md §11: the kernel here has no netem). Every chunk read
 * from one side is written to the other `oneWayDelayMs` after it arrived, as its own write, so the timing and
 * boundaries of the sender's writes survive (a reply sent in two writes arrives as two writes, 20 ms apart if
 * they left 20 ms apart). FIN and resets travel with the same delay, behind the data sent before them.
 *
 * What it does not model: bandwidth (the link is infinitely fast), loss, and the TCP handshake (connect()
 * completes at once against the proxy; the upstream connect happens right away, the first bytes pay the delay).
 * Each accepted connection gets its own upstream socket; nothing is shared between connections.
 */
export interface DelayProxyOptions {
  targetHost?: string;
  targetPort: number;
  /** Added to every chunk in each direction: RTT = 2 × this. */
  oneWayDelayMs: number;
  listenHost?: string;
}

export interface DelayProxyStats {
  connections: number;
  /** client → router */
  bytesUp: number;
  /** router → client */
  bytesDown: number;
  chunksUp: number;
  chunksDown: number;
}

export interface DelayProxy {
  host: string;
  port: number;
  oneWayDelayMs: number;
  stats(): DelayProxyStats;
  close(): Promise<void>;
}

type Payload = { chunk: Buffer } | { end: "fin" | "destroy" };
type Item = Payload & { at: number };

/** One direction of one connection: a FIFO of chunks, each released at its own due time. */
class DelayLine {
  private queue: Item[] = [];
  private head = 0;
  private cancel: (() => void) | null = null;
  private done = false;

  constructor(
    private readonly delayMs: number,
    private readonly dest: net.Socket,
    private readonly count: (bytes: number) => void,
  ) {}

  push(item: Payload): void {
    if (this.done) return;
    this.queue.push({ ...item, at: performance.now() + this.delayMs });
    if (!this.cancel) this.arm();
  }

  private arm(): void {
    const next = this.queue[this.head];
    if (!next) return;
    const wait = next.at - performance.now();
    // setTimeout fires a millisecond or so late; wake up early and finish the wait on the event loop, so the
    // delay added is the one asked for, not delay + timer slack.
    if (wait > 2) {
      const t = setTimeout(() => this.release(), wait - 1.5);
      this.cancel = () => clearTimeout(t);
    } else {
      const t = setImmediate(() => this.release());
      this.cancel = () => clearImmediate(t);
    }
  }

  private release(): void {
    this.cancel = null;
    const now = performance.now();
    while (this.head < this.queue.length && this.queue[this.head].at <= now) {
      const item = this.queue[this.head++];
      if ("chunk" in item) {
        if (!this.dest.destroyed) this.dest.write(item.chunk);
        this.count(item.chunk.length);
      } else {
        this.done = true;
        if (item.end === "fin") this.dest.end();
        else this.dest.destroy();
        this.queue = [];
        this.head = 0;
        return;
      }
    }
    if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }

  stop(): void {
    this.done = true;
    this.cancel?.();
    this.cancel = null;
    this.queue = [];
  }
}

export async function startDelayProxy(opts: DelayProxyOptions): Promise<DelayProxy> {
  const targetHost = opts.targetHost ?? "127.0.0.1";
  const listenHost = opts.listenHost ?? "127.0.0.1";
  const stats: DelayProxyStats = { connections: 0, bytesUp: 0, bytesDown: 0, chunksUp: 0, chunksDown: 0 };
  const open = new Set<net.Socket>();
  const lines = new Set<DelayLine>();

  // Half-open allowed on both legs: a client's FIN must not stop the replies still on their way to it.
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    stats.connections++;
    const upstream = net.connect({ port: opts.targetPort, host: targetHost, allowHalfOpen: true });
    // The proxy must add only its delay: no Nagle on either leg.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    open.add(client);
    open.add(upstream);
    const up = new DelayLine(opts.oneWayDelayMs, upstream, (n) => {
      stats.bytesUp += n;
      stats.chunksUp++;
    });
    const down = new DelayLine(opts.oneWayDelayMs, client, (n) => {
      stats.bytesDown += n;
      stats.chunksDown++;
    });
    lines.add(up);
    lines.add(down);

    client.on("data", (chunk) => up.push({ chunk }));
    upstream.on("data", (chunk) => down.push({ chunk }));
    client.on("end", () => up.push({ end: "fin" }));
    upstream.on("end", () => down.push({ end: "fin" }));
    // A reset (or a refused upstream) reaches the other side as a reset, after the same delay.
    client.on("error", () => up.push({ end: "destroy" }));
    upstream.on("error", () => down.push({ end: "destroy" }));
    const forget = () => {
      if (client.destroyed && upstream.destroyed) {
        up.stop();
        down.stop();
        lines.delete(up);
        lines.delete(down);
      }
    };
    client.on("close", () => {
      open.delete(client);
      if (!upstream.destroyed) up.push({ end: "destroy" });
      forget();
    });
    upstream.on("close", () => {
      open.delete(upstream);
      if (!client.destroyed) down.push({ end: "destroy" });
      forget();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, listenHost, () => {
      server.off("error", reject);
      resolve();
    });
  });

  return {
    host: listenHost,
    port: (server.address() as net.AddressInfo).port,
    oneWayDelayMs: opts.oneWayDelayMs,
    stats: () => ({ ...stats }),
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const l of lines) l.stop();
      for (const s of open) s.destroy();
      await closed;
    },
  };
}
