import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import readline from "node:readline";

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | null;
  /** The message as sent (headers and body) */
  data: string;
}

export interface SmtpPeer {
  port: number;
  mails: ReceivedMail[];
  /** The user name of every AUTH attempt the server received (the password reached it each time). */
  auths: string[];
  /** Resolves when `n` mails have arrived in all. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Starts tests/peers/smtp/server.mjs as a child process: a real SMTP server on 127.0.0.1. */
export async function startSmtpPeer(
  opts: { user?: string; pass?: string; port?: number; starttls?: { keyPem: string; certPem: string } } = {},
): Promise<SmtpPeer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, "server.mjs")], {
    env: {
      ...process.env,
      SMTP_USER: opts.user ?? "",
      SMTP_PASS: opts.pass ?? "",
      SMTP_PORT: String(opts.port ?? 0),
      SMTP_TLS_KEY: opts.starttls?.keyPem ?? "",
      SMTP_TLS_CERT: opts.starttls?.certPem ?? "",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const mails: ReceivedMail[] = [];
  const auths: string[] = [];
  const waiters: (() => void)[] = [];
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`smtp peer exited with ${code}`)));
    lines.on("line", (line) => {
      const msg = JSON.parse(line) as { port?: number; mail?: ReceivedMail; auth?: string };
      if (msg.port) resolve(msg.port);
      if (msg.auth !== undefined) auths.push(msg.auth);
      if (msg.mail) {
        mails.push(msg.mail);
        waiters.splice(0).forEach((w) => w());
      }
    });
  });
  return {
    port,
    mails,
    auths,
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} mails, got ${mails.length}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
      return mails;
    },
    async close() {
      if (child.exitCode !== null) return;
      await new Promise<void>((r) => {
        child.once("exit", () => r());
        child.kill("SIGTERM");
      });
    },
  };
}
