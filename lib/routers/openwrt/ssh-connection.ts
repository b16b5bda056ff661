/**
 * One SSH connection to an OpenWrt router: exec channels only (no sftp, no PTY: dropbear routers rarely have
 * sftp, and a PTY merges streams and hangs up children), pinned host key, deadlines on connect and on each
 * command, and every failure as a DriverError whose text never carries a credential.
 */
import { createHash } from "node:crypto";
import { Socket } from "node:net";
import { Client } from "ssh2";
import { onWireDeadline } from "../wire-deadline";
import { DriverError, type RouterTarget } from "../driver";
import type { UciCommand } from "./uci-commands";

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_CONNECT_MS = 10_000;
const DEFAULT_COMMAND_MS = 30_000;

export function sshFingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

function redact(text: string, target: RouterTarget): string {
  let out = text;
  for (const secret of [target.password, target.privateKey]) if (secret) out = out.split(secret).join("***");
  return out;
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))}`;

function connectTimeout(where: string, timeoutMs: number, tcpConnected: boolean): DriverError {
  return tcpConnected
    ? new DriverError(
        "timeout",
        `${where} accepted the connection but did not finish the SSH login within ${seconds(timeoutMs)} s`,
      )
    : new DriverError("timeout", `TCP connect to ${where} timed out after ${seconds(timeoutMs)} s`);
}

function mapConnectError(
  err: Error & { code?: string; level?: string },
  where: string,
  timeoutMs: number,
): DriverError {
  if (err.code === "ECONNREFUSED") return new DriverError("refused", `${where} refused the connection`);
  // ETIMEDOUT is the kernel giving up on the TCP connect; ssh2's own timeout runs once TCP is up (handshake, login)
  if (err.code === "ETIMEDOUT") return connectTimeout(where, timeoutMs, false);
  if (err.level === "client-timeout" || /timed out/i.test(err.message)) return connectTimeout(where, timeoutMs, true);
  if (["EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"].includes(err.code ?? "")) {
    return new DriverError("unreachable", `${where} is unreachable (${err.code})`);
  }
  if (err.level === "client-authentication") return new DriverError("auth", `SSH authentication failed on ${where}`);
  if (err.code === "ECONNRESET" || err.code === "EPIPE")
    return new DriverError("closed", `${where} closed the connection`);
  return new DriverError("protocol", `SSH with ${where} failed: ${err.message}`);
}

export class SshConnection {
  private closed = false;
  /** This end's address on the TCP connection (lockout guard), read at login from the socket we made. */
  readonly localAddress: string | null;
  private readonly pending = new Set<(e: DriverError) => void>();

  private constructor(
    private readonly client: Client,
    private readonly target: RouterTarget,
    readonly fingerprint: string,
    sock: Socket,
  ) {
    this.localAddress = sock.localAddress ?? null;
    client.on("close", () => this.fail(new DriverError("closed", `${this.where} closed the connection`)));
    client.on("error", () => this.fail(new DriverError("closed", `${this.where} connection failed`)));
  }

  private get where(): string {
    return `${this.target.host}:${this.target.port}`;
  }

  private fail(e: DriverError): void {
    this.closed = true;
    for (const reject of this.pending) reject(e);
    this.pending.clear();
  }

  static connect(target: RouterTarget): Promise<SshConnection> {
    const where = `${target.host}:${target.port}`;
    const timeoutMs = target.connectTimeoutMs ?? DEFAULT_CONNECT_MS;
    return new Promise((resolve, reject) => {
      const client = new Client();
      // Our own socket, handed to ssh2 through its public `sock` option, so its local address is ours to read.
      const sock = new Socket();
      // Its errors reach us as the client's 'error' (ssh2 listens too); this keeps a late one after we gave up
      // on the connection from becoming an uncaught exception.
      sock.on("error", () => {});
      let seen = "";
      let mismatch = false;
      let settled = false;
      const settle = (e: DriverError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (e) {
          client.removeAllListeners("ready");
          client.on("error", () => {}); // late errors of an abandoned connection must not crash the process
          client.destroy();
          sock.destroy();
          reject(new DriverError(e.kind, redact(e.message, target), e.routerMessage));
        } else resolve(new SshConnection(client, target, seen, sock));
      };
      // ssh2's readyTimeout covers the handshake; this also covers a TCP connect that never completes
      // Which wait ran out: no TCP answer at all, or a host that accepted the connection and never finished the login.
      let tcpConnected = false;
      client.once("connect", () => (tcpConnected = true));
      const timer = setTimeout(() => settle(connectTimeout(where, timeoutMs, tcpConnected)), timeoutMs + 500);
      client.once("ready", () => settle(null));
      client.on("error", (err: Error & { code?: string; level?: string }) => {
        if (mismatch) {
          settle(
            new DriverError(
              "host-key-mismatch",
              `WARNING: the SSH host key of ${where} has changed (pinned ${target.hostKeyFingerprint}, offered ${seen}). ` +
                "Someone may be intercepting the connection, or the router was reinstalled. Not connecting; verify the router and re-pin its key.",
            ),
          );
        } else settle(mapConnectError(err, where, timeoutMs));
      });
      // an error explaining the close (auth, host key) may arrive right after it: let it win
      client.once("close", () =>
        setTimeout(() => settle(new DriverError("closed", `${where} closed the connection during login`)), 20),
      );
      try {
        // ssh2 waits for this socket's 'connect' and wires its errors and close to the client's events.
        sock.connect({ host: target.host, port: target.port });
        client.connect({
          sock,
          host: target.host,
          port: target.port,
          username: target.username,
          password: target.password,
          privateKey: target.privateKey,
          readyTimeout: timeoutMs,
          tryKeyboard: false,
          hostVerifier: (key: Buffer) => {
            seen = sshFingerprint(key);
            // first connect: nothing pinned yet, the key is learned and reported via identify()
            mismatch = target.hostKeyFingerprint !== undefined && target.hostKeyFingerprint !== seen;
            return !mismatch;
          },
        });
      } catch (e) {
        // ssh2 throws synchronously on a malformed private key
        settle(new DriverError("auth", `the private key for ${where} could not be read: ${(e as Error).message}`));
      }
    });
  }

  /** Runs a fixed command, feeding stdin and closing it (uci batch waits for EOF). */
  exec(command: UciCommand, stdin = ""): Promise<ExecResult> {
    const timeoutMs = this.target.commandTimeoutMs ?? DEFAULT_COMMAND_MS;
    if (this.closed) return Promise.reject(new DriverError("closed", `${this.where} connection is closed`));
    return new Promise((resolve, reject) => {
      let finished = false;
      const done = (e: DriverError | null, r?: ExecResult) => {
        finished = true;
        clearTimeout(timer);
        this.pending.delete(onFail);
        if (e) reject(e);
        else resolve(r!);
      };
      const onFail = (e: DriverError) => done(new DriverError(e.kind, `${e.message} while running '${command}'`));
      this.pending.add(onFail);
      // The router has timeoutMs of silence at each step (channel, output, exit), measured on the wire.
      let heardAt = Date.now();
      const heard = () => (heardAt = Date.now());
      const deadline = () =>
        onWireDeadline(
          () => finished,
          () => heardAt,
          timeoutMs,
          (ms) => (timer = setTimeout(deadline, ms)),
          () => {
            // a stuck command leaves the channel unusable: drop the whole connection
            // a script is named by its first line: the whole text would bury the message
            done(
              new DriverError(
                "timeout",
                `'${command.split("\n")[0]}${command.includes("\n") ? " …" : ""}' on ${this.where} timed out after ${seconds(timeoutMs)} s`,
              ),
            );
            this.closed = true;
            this.client.destroy();
          },
        );
      let timer = setTimeout(deadline, timeoutMs);
      this.client.exec(command, (err, ch) => {
        if (err)
          return done(
            new DriverError(
              this.closed ? "closed" : "protocol",
              `${this.where} refused to run '${command}': ${err.message}`,
            ),
          );
        heard();
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let code: number | null = null;
        ch.on("data", (b: Buffer) => {
          heard();
          out.push(b);
        });
        ch.stderr.on("data", (b: Buffer) => {
          heard();
          errOut.push(b);
        });
        ch.on("exit", (c: number | null) => {
          heard();
          code = c;
        });
        ch.on("close", () => {
          if (code === null)
            return done(new DriverError("closed", `${this.where} closed the connection while running '${command}'`));
          done(null, {
            code,
            stdout: Buffer.concat(out).toString("utf8"),
            stderr: Buffer.concat(errOut).toString("utf8"),
          });
        });
        ch.end(stdin);
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => {
      this.client.once("close", () => resolve());
      this.client.end();
      setTimeout(resolve, 1000).unref();
    });
  }
}
