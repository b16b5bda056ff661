import net from "node:net";
import tls from "node:tls";
import { encodeSentence, SentenceReader } from "./codec";

/**
 * A minimal byte-level client for the peer's own tests: sends sentences, hands back reply sentences in arrival
 * order. Independent of node-routeros so the peer is checked against the document, not against the client.
 */
export interface RawClient {
  send(words: string[]): void;
  sendBytes(buf: Buffer): void;
  next(timeoutMs?: number): Promise<string[]>;
  /** Reads sentences until one with `!done` for the given tag (or untagged) arrives. */
  untilDone(tag?: string, timeoutMs?: number): Promise<string[][]>;
  login(user?: string, password?: string): Promise<void>;
  closed: Promise<void>;
  socket: net.Socket;
  end(): void;
}

export async function rawConnect(port: number, opts: { tls?: tls.ConnectionOptions } = {}): Promise<RawClient> {
  const socket: net.Socket = await new Promise((resolve, reject) => {
    const s = opts.tls
      ? tls.connect({ port, host: "127.0.0.1", ...opts.tls }, () => resolve(s))
      : net.connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
  socket.setNoDelay(true);
  const reader = new SentenceReader();
  const inbox: string[][] = [];
  const waiters: Array<(s: string[]) => void> = [];
  socket.on("data", (d) => {
    for (const s of reader.push(d)) {
      const w = waiters.shift();
      if (w) w(s);
      else inbox.push(s);
    }
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((r) => socket.once("close", () => r()));
  const client: RawClient = {
    socket,
    closed,
    send: (words) => socket.write(encodeSentence(words)),
    sendBytes: (buf) => socket.write(buf),
    next(timeoutMs = 2000) {
      const ready = inbox.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(done), 1);
          reject(new Error("no reply in time"));
        }, timeoutMs);
        const done = (s: string[]) => {
          clearTimeout(t);
          resolve(s);
        };
        waiters.push(done);
      });
    },
    async untilDone(tag, timeoutMs) {
      const out: string[][] = [];
      for (;;) {
        const s = await client.next(timeoutMs);
        out.push(s);
        const t = s.find((w) => w.startsWith(".tag="))?.slice(5);
        if (s[0] === "!done" && t === tag) return out;
      }
    },
    async login(user = "admin", password = "admin") {
      client.send(["/login", `=name=${user}`, `=password=${password}`]);
      const r = await client.next();
      if (r[0] !== "!done") throw new Error(`login failed: ${r.join(" ")}`);
    },
    end: () => socket.end(),
  };
  return client;
}
