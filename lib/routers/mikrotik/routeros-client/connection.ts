import type { Socket } from "node:net";
import type { ConnectionOptions, TlsOptions, TLSSocket } from "node:tls";
import { RouterOSAPI } from "node-routeros";
import { DriverError } from "../../driver";
import { errorCode, formatSeconds, mapSocketError, redact, timeoutError } from "./error-map";
import { onWireDeadline } from "../../wire-deadline";
import { connectorOf, stopLibraryTimers, type ConnectorInternals } from "./library-internals";
import { applyNodeRouterosPatches } from "./patches";

/**
 * node-routeros 1.6.9 wrapped so that every call settles and nothing escapes as an 'error' event or an
 * uncaughtException (docs/routeros-api-protocol.md §8):
 * - connect has its own deadline and watches the raw socket, because FIN/RST during login never settles (docs/routeros-api-protocol.md §8.4)
 * - TCP_NODELAY on its socket: it writes word by word, and Nagle + delayed ACK cost ~40 ms a command (docs/routeros-facts.md §3)
 * - an idle deadline per command (restarted by every sentence received); pending writes fail as soon as the
 *   socket closes (docs/routeros-api-protocol.md §8.3)
 * - exceptions thrown inside its data handler (unknown reply, unregistered tag) end the connection instead
 * - API-SSL on the port given (docs/routeros-api-protocol.md §8.5), verified against a CA, pinned by SHA-256 fingerprint, or anonymous DH
 *   only when asked for explicitly
 */
export type RosTls =
  | { mode: "ca"; caPem: string }
  | { mode: "fingerprint"; fingerprint256: string }
  | { mode: "anonymous-dh" }
  | { mode: "system-ca" };

export interface RosConnectOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  tls?: RosTls;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
}

export type RosRow = Record<string, string>;

export class RosConnection {
  private dead: DriverError | null = null;
  private pending = new Set<(e: DriverError) => void>();
  private socket: Socket | null = null;
  private corked = false;
  /** When the last whole sentence arrived: command deadlines count from it (idle, not total). */
  private lastSentenceAt = Date.now();

  private constructor(
    private readonly api: RouterOSAPI,
    private readonly opts: RosConnectOptions,
    /** SHA-256 of the router's certificate (API-SSL with a certificate), for pinning on first use. */
    readonly certificateFingerprint?: string,
  ) {}

  get where(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }

  static async open(opts: RosConnectOptions): Promise<RosConnection> {
    applyNodeRouterosPatches();
    const where = `${opts.host}:${opts.port}`;
    // The library's own timer is a whole-session idle timer (docs/routeros-api-protocol.md §8.2); ours fire first, it is only a backstop.
    const idleSeconds = Math.max(30, Math.ceil((2 * Math.max(opts.connectTimeoutMs, opts.commandTimeoutMs)) / 1000));
    const api = new RouterOSAPI({
      host: opts.host,
      port: opts.port,
      user: opts.user,
      password: opts.password,
      timeout: idleSeconds,
      tls: opts.tls ? (tlsOptions(opts.tls) as TlsOptions) : undefined,
      keepalive: false,
    });
    api.on("error", () => {}); // re-emitted socket errors; the raw socket listeners below decide what they mean

    let socketError: unknown = null;
    let tlsFailure: DriverError | null = null;
    let fingerprint: string | undefined;

    return new Promise<RosConnection>((resolve, reject) => {
      let settled = false;
      const fail = (e: DriverError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket?.destroy();
        reject(redact(e, opts.password));
      };
      // Which wait ran out is the admin's first question: no TCP answer at all (host down, filtered) or a router
      // that accepted the connection and then never answered the login (API service stuck, wrong port).
      let tcpConnected = false;
      const connectTimeout = () =>
        tcpConnected
          ? new DriverError(
              "timeout",
              `${where} accepted the connection but did not answer the login within ${formatSeconds(opts.connectTimeoutMs)} s`,
            )
          : timeoutError(opts.connectTimeoutMs, `TCP connect to ${where}`);
      // Each wait is on the wire: TCP connect within the timeout, then the login's answer within the timeout of
      // the connect. Checked after pending I/O (onWireDeadline), so a busy process never blames the router.
      let waitingSince = Date.now();
      const deadline = () =>
        onWireDeadline(
          () => settled,
          () => waitingSince,
          opts.connectTimeoutMs,
          (ms) => (timer = setTimeout(deadline, ms)),
          () => fail(connectTimeout()),
        );
      let timer = setTimeout(deadline, opts.connectTimeoutMs);

      const connecting = api.connect();
      const internals = connectorOf(api);
      const socket = internals?.socket ?? null;
      if (!internals || !socket) return fail(new DriverError("protocol", "node-routeros did not create a socket"));
      let onProtocolFailure = fail;
      guardConnector(internals, (e) => onProtocolFailure(e));
      socket.setNoDelay(true);
      socket.once("connect", () => {
        tcpConnected = true;
        waitingSince = Date.now();
      });
      socket.on("error", (e) => (socketError = e));
      socket.once("close", () => {
        // Let an error-driven rejection land first; a bare close during login is a FIN from the router.
        setImmediate(() =>
          fail(
            tlsFailure ??
              (socketError
                ? mapSocketError(socketError, where)
                : new DriverError("closed", `${where} closed the connection during login`)),
          ),
        );
      });
      if (opts.tls) {
        // Prepended so it runs before node-routeros' own listener writes /login: on a mismatch the socket is
        // destroyed first and the password is never sent.
        (socket as TLSSocket).prependOnceListener("secureConnect", () => {
          const peer = (socket as TLSSocket).getPeerCertificate();
          fingerprint = peer && "fingerprint256" in peer ? peer.fingerprint256 : undefined;
          if (opts.tls!.mode === "fingerprint" && !sameFingerprint(fingerprint, opts.tls!.fingerprint256)) {
            tlsFailure = new DriverError(
              "tls-mismatch",
              `certificate of ${where} does not match the pinned fingerprint`,
            );
            socket.destroy();
          }
        });
      }

      connecting.then(
        () => {
          if (settled) {
            socket.destroy();
            return;
          }
          settled = true;
          clearTimeout(timer);
          const conn = new RosConnection(
            api,
            opts,
            opts.tls && opts.tls.mode !== "anonymous-dh" ? fingerprint : undefined,
          );
          conn.attach(socket);
          if (internals.receiver) internals.receiver.rampartOnSentence = () => (conn.lastSentenceAt = Date.now());
          onProtocolFailure = (e) => conn.die(e);
          resolve(conn);
        },
        (e: unknown) => {
          if (tlsFailure) return fail(tlsFailure);
          const code = errorCode(e);
          if (code === "CANTLOGIN") return fail(new DriverError("auth", `authentication failed on ${where}`));
          if (code === "SOCKTMOUT") return fail(connectTimeout());
          if (socketError) return fail(mapSocketError(socketError, where));
          if (e instanceof Error && e.message && !code) {
            // Any other trap answering /login (old routers: "cannot log in") is an authentication failure.
            return fail(new DriverError("auth", `authentication failed on ${where}`, e.message));
          }
          fail(mapSocketError(e, where));
        },
      );
    });
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    socket.on("error", (e) => this.die(mapSocketError(e, this.where)));
    socket.once("close", () => this.die(new DriverError("closed", `${this.where} closed the connection`)));
    if (socket.destroyed) this.die(new DriverError("closed", `${this.where} closed the connection`));
  }

  private die(e: DriverError): void {
    if (this.dead) return;
    this.dead = e;
    for (const reject of this.pending) reject(e);
    this.pending.clear();
    this.socket?.destroy();
    stopLibraryTimers(this.api);
  }

  /** The address the router sees this connection come from (lockout guard); null once closed or unknown. */
  get localAddress(): string | null {
    return this.socket?.localAddress ?? null;
  }

  get alive(): boolean {
    return this.dead === null;
  }

  /**
   * One API sentence; resolves with its `!re` rows plus, for `!done =ret=`, a final `{ ret }` element (the
   * library's shape). A `!trap` rejects with kind router-error carrying the router's message.
   */
  write(words: string[]): Promise<RosRow[]> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<RosRow[]>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(onDeath);
        fn();
      };
      const onDeath = (e: DriverError) => settle(() => reject(e));
      // An idle deadline: it runs out only after commandTimeoutMs without any sentence from the router, so a
      // large table over a slow link (thousands of `!re` arriving steadily) is read however long it takes.
      const limit = this.opts.commandTimeoutMs;
      let sentAt = Date.now();
      const expire = () =>
        onWireDeadline(
          () => settled,
          () => Math.max(this.lastSentenceAt, sentAt),
          limit,
          (ms) => (timer = setTimeout(expire, ms)),
          () => {
            const e = timeoutError(limit, words[0] ?? "command");
            settle(() => reject(e));
            // A router that stopped answering leaves the session in an unknown state: end it.
            this.die(new DriverError("timeout", `${this.where} stopped answering`));
          },
        );
      let timer = setTimeout(expire, limit);
      this.pending.add(onDeath);
      // A fresh array every time: the library pushes its .tag into the one it is given (docs/routeros-api-protocol.md §8.6).
      this.coalesceWrites();
      const sent = this.api.write([...words]);
      // the bytes leave when the writes are uncorked, after this turn: a busy turn is not the router's time
      process.nextTick(() => (sentAt = Date.now()));
      sent.then(
        (rows) => settle(() => resolve(rows as RosRow[])),
        (e: unknown) => {
          const msg = e instanceof Error ? e.message : String(e);
          settle(() =>
            reject(
              redact(
                new DriverError("router-error", `${this.where} refused ${words[0]}: ${msg}`, msg),
                this.opts.password,
              ),
            ),
          );
        },
      );
    });
  }

  /**
   * Sentences written in the same turn of the event loop leave in one socket write: a pipelined apply sends
   * the next commands as replies come in, many per incoming chunk, and a syscall (and, with NODELAY, a TCP
   * segment) per sentence was a large share of a fleet push's CPU. The library's unpatched word-by-word path
   * is covered too. Uncorked before any I/O of the next turn, so nothing waits on a timer.
   */
  private coalesceWrites(): void {
    const socket = this.socket;
    if (!socket || this.corked) return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    this.die(new DriverError("closed", "connection closed by Rampart"));
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        socket.destroy();
        resolve();
      }, 1000);
      socket.once("close", () => {
        clearTimeout(t);
        resolve();
      });
      socket.end();
    });
  }
}

function tlsOptions(t: RosTls): ConnectionOptions {
  switch (t.mode) {
    case "ca":
      return { ca: t.caPem, rejectUnauthorized: true };
    case "fingerprint":
      // Chain checks are replaced by the pin, checked before /login is written (see open()).
      return { rejectUnauthorized: false };
    case "anonymous-dh":
      // docs/routeros-api-protocol.md §1: OpenSSL >= 1.1 needs SECLEVEL=0 for ADH, and TLS 1.3 has no anonymous suites.
      return { ciphers: "ADH:@SECLEVEL=0", maxVersion: "TLSv1.2", rejectUnauthorized: false };
    case "system-ca":
      return { rejectUnauthorized: true };
  }
}

function sameFingerprint(a: string | undefined, b: string): boolean {
  const norm = (s: string) => s.replace(/[^0-9a-f]/gi, "").toUpperCase();
  return a !== undefined && norm(a).length === 64 && norm(a) === norm(b);
}

/**
 * The connector re-emits socket errors as 'error' and drops all its listeners once destroyed; a late error
 * would then be an unhandled 'error' event. Its receiver throws inside the data handler on replies it cannot
 * place. Both become a clean end of the connection.
 */
function guardConnector(c: ConnectorInternals, onFatal: (e: DriverError) => void): void {
  const emit = c.emit.bind(c);
  c.emit = (ev: string | symbol, ...args: unknown[]) => {
    if (ev === "error" && c.listenerCount("error") === 0) return false;
    return emit(ev, ...args);
  };
  const receiver = c.receiver;
  if (!receiver) return;
  const process = receiver.processRawData.bind(receiver);
  receiver.processRawData = (d: Buffer) => {
    try {
      process(d);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      onFatal(new DriverError("protocol", `unexpected reply from the router: ${msg}`));
      c.socket?.destroy();
    }
  };
}
