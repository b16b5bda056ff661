import type { Socket } from "node:net";
import type { ConnectionOptions, TlsOptions, TLSSocket } from "node:tls";
import { RouterOSAPI } from "node-routeros";
import { DriverError } from "../../driver";
import { errorCode, formatSeconds, mapSocketError, redact, timeoutError } from "./error-map";
import { onWireDeadline } from "../../wire-deadline";
import { connectorOf, stopLibraryTimers, type ConnectorInternals } from "./library-internals";
import { applyNodeRouterosPatches } from "./patches";
import { CommandTable, type CommandEnd, type RosRow } from "./command-table";

/**
 * node-routeros 1.6.9 wrapped so that every call settles and nothing escapes as an 'error' event or an
 * uncaughtException (docs/routeros-api-protocol.md §8):
 * - connect has its own deadline and watches the raw socket, because FIN/RST during login never settles (docs/routeros-api-protocol.md §8.4)
 * - TCP_NODELAY on its socket: it writes word by word, and Nagle + delayed ACK cost ~40 ms a command (docs/routeros-facts.md §3)
 * - the library logs in; every command after that is ours (command-table.ts): tagged, its replies routed by the
 *   patched receiver, one idle deadline for the connection (restarted by every sentence received), and pending
 *   commands fail as soon as the socket closes (docs/routeros-api-protocol.md §8.3)
 * - exceptions thrown inside its data handler end the connection instead
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

export type { RosRow };

export class RosConnection {
  private dead: DriverError | null = null;
  private socket: Socket | null = null;
  private corked = false;
  /** When the last whole sentence arrived: the idle deadline counts from it (idle, not total). */
  private lastSentenceAt = Date.now();
  private readonly commands = new CommandTable((command, message) =>
    redact(
      new DriverError("router-error", `${this.where} refused ${command}: ${message}`, message),
      this.opts.password,
    ),
  );
  /** The idle deadline's timer while a command waits, and which watch it belongs to (watchSilence). */
  private silence: NodeJS.Timeout | null = null;
  private watch = 0;

  private constructor(
    private readonly api: RouterOSAPI,
    private readonly connector: ConnectorInternals,
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
            internals,
            opts,
            opts.tls && opts.tls.mode !== "anonymous-dh" ? fingerprint : undefined,
          );
          conn.attach(socket);
          if (internals.receiver) {
            internals.receiver.rampartOnSentence = () => (conn.lastSentenceAt = Date.now());
            internals.receiver.rampartOnTagged = (tag, packet) => conn.onReply(tag, packet);
          }
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
    // An Error captures a stack: made only when it is the reason, not after Rampart's own close (every connection).
    socket.once("close", () => {
      if (!this.dead) this.die(new DriverError("closed", `${this.where} closed the connection`));
    });
    if (socket.destroyed) this.die(new DriverError("closed", `${this.where} closed the connection`));
  }

  /** Ends the connection; every command in flight fails with `e`, the oldest with `first` when given. */
  private die(e: DriverError, first?: DriverError): void {
    if (this.dead) return;
    this.dead = e;
    this.stopWatching();
    this.commands.failAll(e, first);
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
   * One API sentence; resolves with its `!re` rows plus, for `!done =ret=`, a final `{ ret }` element. A `!trap`
   * rejects with kind router-error carrying the router's message.
   */
  write(words: readonly string[]): Promise<RosRow[]> {
    return new Promise<RosRow[]>((resolve, reject) =>
      this.send(words, (e, rows) => (e ? reject(e) : resolve(rows)), true),
    );
  }

  /**
   * One API sentence whose end (null or the error) goes to `end`; rows are kept only when asked for. The
   * pipelined apply sends thousands of these: a callback and a map entry each, nothing more.
   */
  send(words: readonly string[], end: CommandEnd, keepRows = false): void {
    const dead = this.dead;
    if (dead) {
      queueMicrotask(() => end(dead, []));
      return;
    }
    const tag = this.commands.add(words[0] ?? "command", keepRows, end);
    this.coalesceWrites();
    this.connector.write([...words, `.tag=${tag}`]);
    this.watchSilence();
  }

  /** A tagged reply sentence from the patched receiver. */
  private onReply(tag: string, packet: string[]): void {
    const wrong = this.commands.reply(tag, packet);
    if (wrong) this.die(new DriverError("protocol", `unexpected reply from the router: ${wrong}`));
    // nothing waits: no timer may outlive the work (a CLI run would wait on it to exit)
    else if (this.commands.size === 0) this.stopWatching();
  }

  private stopWatching(): void {
    clearTimeout(this.silence ?? undefined);
    this.silence = null;
    this.watch++;
  }

  /**
   * The idle deadline: it runs out only after commandTimeoutMs without any sentence from the router while a
   * command waits, counted from when the oldest waiting one left, so a large table over a slow link (thousands
   * of `!re` arriving steadily) is read however long it takes. One timer for the connection, not one a command.
   */
  private watchSilence(): void {
    if (this.silence) return;
    const limit = this.opts.commandTimeoutMs;
    // A check already past its timer (waiting for pending I/O) when the watch stopped must not start a second one.
    const watch = this.watch;
    const check = () =>
      onWireDeadline(
        () => {
          if (watch !== this.watch) return true;
          if (this.commands.size > 0 && !this.dead) return false;
          this.stopWatching();
          return true;
        },
        () => Math.max(this.lastSentenceAt, this.commands.oldestSentAt() ?? Date.now()),
        limit,
        (ms) => (this.silence = setTimeout(check, ms)),
        () => {
          this.stopWatching();
          const own = timeoutError(limit, this.commands.oldest() ?? "command");
          // A router that stopped answering leaves the session in an unknown state: end it.
          this.die(new DriverError("timeout", `${this.where} stopped answering`), own);
        },
      );
    this.silence = setTimeout(check, limit);
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
      // the bytes leave now: a busy turn before this is not the router's time
      this.commands.stampSent(Date.now());
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
