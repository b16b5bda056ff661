import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { encodeSentence, SentenceReader } from "./codec";
import { executeCommand, legacyResponse, parseCommand, trapSentence, type ParsedCommand } from "./api-commands";
import type { MenuContext } from "./menu-table";
import type { PeerFaults } from "./peer-faults";
import type { ScriptRunner } from "./script-runner";
import { TRAP } from "./trap";

/**
 * One API connection: login, command queue, `.tag` echo right after the reply word, /cancel, /quit, faults.
 * Replies are written one socket.write per sentence (docs/routeros-api-protocol.md §9.3) unless splitWrites is on.
 */
export interface SessionOptions {
  ctx: MenuContext;
  runner: ScriptRunner;
  faults: PeerFaults;
  legacyLogin: boolean;
}

interface Pending {
  cmd: ParsedCommand;
  words: string[];
  timer?: NodeJS.Timeout;
}

export class ApiSession {
  private reader = new SentenceReader();
  private loggedIn = false;
  private challenge: string | null = null;
  private preLogin = 0;
  private sentSentences = 0;
  private answeredCommands = 0;
  private queue: Pending[] = [];
  private current: Pending | null = null;
  private dead = false;
  /** sentenceGapMs: the sentences still to leave, in order. */
  private slow: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly opts: SessionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", () => this.kill());
    socket.on("close", () => this.kill());
  }

  private kill(): void {
    this.dead = true;
    if (this.current?.timer) clearTimeout(this.current.timer);
    this.queue = [];
  }

  private onData(chunk: Buffer): void {
    if (this.dead || this.opts.faults.silent) return;
    let sentences: string[][];
    try {
      sentences = this.reader.push(chunk);
    } catch {
      this.drop("rst"); // reserved control byte: a router cannot continue either (docs/routeros-api-protocol.md §2)
      return;
    }
    for (const words of sentences) {
      if (this.dead) return;
      this.onSentence(words);
    }
  }

  private onSentence(words: string[]): void {
    const cmd = parseCommand(words);
    if (cmd.command === "/login") return this.login(cmd);
    if (!this.loggedIn) {
      if (++this.preLogin > this.opts.faults.maxPreLoginSentences) return this.fatal("too many commands before login");
      this.reply(cmd.tag, [trapSentence(TRAP.notLoggedIn), ["!done"]]);
      return;
    }
    if (this.opts.faults.stallAfterLogin) return;
    if (cmd.command === "/quit") return this.fatal("session terminated on request");
    if (cmd.command === "/cancel") return this.cancel(cmd);
    this.queue.push({ cmd, words });
    this.pump();
  }

  private login(cmd: ParsedCommand): void {
    const f = this.opts.faults;
    this.opts.ctx.state.loginAttempts++;
    if (f.closeAtLogin) return this.drop(f.closeAtLogin);
    const users = this.opts.ctx.state.users;
    const name = cmd.args.name ?? "";
    let ok: boolean;
    if (this.opts.legacyLogin && cmd.args.response === undefined) {
      // Pre-6.43 routers ignore name/password here and hand out a 16-byte challenge (docs/routeros-api-protocol.md §5, §10).
      this.challenge = randomBytes(16).toString("hex");
      return this.reply(cmd.tag, [["!done", `=ret=${this.challenge}`]]);
    } else if (cmd.args.response !== undefined) {
      const pw = users.get(name);
      ok = this.challenge !== null && pw !== undefined && legacyResponse(pw, this.challenge) === cmd.args.response;
    } else {
      ok = users.has(name) && users.get(name) === (cmd.args.password ?? "");
    }
    if (!ok) return this.reply(cmd.tag, [trapSentence(TRAP.badLogin), ["!done"]]);
    this.loggedIn = true;
    this.reply(cmd.tag, [["!done"]]);
  }

  /** Runs queued commands in order; with replyDelayMs each waits that long before it executes. */
  private pump(): void {
    while (!this.current && this.queue.length && !this.dead) {
      const item = this.queue.shift()!;
      const delay = this.opts.faults.replyDelayMs;
      if (delay > 0) {
        this.current = item;
        item.timer = setTimeout(() => {
          this.current = null;
          this.run(item);
          this.pump();
        }, delay);
        return;
      }
      this.run(item);
    }
  }

  private run(item: Pending): void {
    if (this.dead) return;
    const dropAt = this.takeDropAt(item.cmd.command);
    if (dropAt === "before") return this.drop("fin");
    this.opts.ctx.state.commands.push(item.words);
    const replies =
      item.cmd.command === "#" || !item.cmd.command.startsWith("/")
        ? [trapSentence(TRAP.noSuchCommandPrefix, 0), ["!done"]]
        : executeCommand(this.opts.ctx, this.opts.runner, item.cmd);
    if (dropAt === "after") return this.drop("fin");
    this.reply(item.cmd.tag, replies);
    if (this.dead) return;
    this.answeredCommands++;
    const limit = this.opts.faults.fatalAfterCommands;
    if (limit !== null && this.answeredCommands >= limit) this.fatal("fault injected: connection terminated");
  }

  private takeDropAt(command: string): "before" | "after" | null {
    const nth = this.opts.faults.dropAtNth;
    if (nth && --nth.n < 1) {
      this.opts.faults.dropAtNth = null;
      return nth.when;
    }
    const f = this.opts.faults.dropAt;
    if (!f || f.command !== command || f.times < 1) return null;
    if (--f.times < 1) this.opts.faults.dropAt = null;
    return f.when;
  }

  /** docs/routeros-api-protocol.md §4: X gets !trap interrupted, then /cancel's own !done, then X's !done. Unknown tags: only !done. */
  private cancel(cmd: ParsedCommand): void {
    const target = cmd.args.tag;
    const hit = (p: Pending) => (target === undefined ? true : p.cmd.tag === target);
    const victims = [...(this.current && hit(this.current) ? [this.current] : []), ...this.queue.filter(hit)];
    this.queue = this.queue.filter((p) => !victims.includes(p));
    if (this.current && victims.includes(this.current)) {
      clearTimeout(this.current.timer);
      this.current = null;
    }
    for (const v of victims) this.reply(v.cmd.tag, [trapSentence(TRAP.interrupted, 2)]);
    this.reply(cmd.tag, [["!done"]]);
    for (const v of victims) this.reply(v.cmd.tag, [["!done"]]);
    this.pump();
  }

  private reply(tag: string | null, sentences: string[][]): void {
    const gap = this.opts.faults.sentenceGapMs;
    if (gap > 0) {
      for (const s of sentences)
        this.slow = this.slow.then(
          () => new Promise<void>((r) => setTimeout(() => (this.sendNow(tag, [s]), r()), gap)),
        );
      return;
    }
    this.sendNow(tag, sentences);
  }

  private sendNow(tag: string | null, sentences: string[][]): void {
    for (const s of sentences) {
      if (this.dead) return;
      const words = tag === null ? s : [s[0], `.tag=${tag}`, ...s.slice(1)];
      this.write(encodeSentence(words));
      this.sentSentences++;
      const limit = this.opts.faults.dropAfterSentences;
      if (limit !== null && this.sentSentences >= limit) return this.drop(this.opts.faults.dropWith);
    }
  }

  private write(buf: Buffer): void {
    if (!this.opts.faults.splitWrites || buf.length < 2) {
      this.socket.write(buf);
      return;
    }
    for (let i = 0; i < buf.length;) {
      const n = 1 + Math.floor(Math.random() * 7);
      this.socket.write(buf.subarray(i, i + n));
      i += n;
    }
  }

  /** !fatal carries a bare reason word and is never tagged (docs/routeros-api-protocol.md §3); then the router closes. */
  private fatal(reason: string): void {
    this.write(encodeSentence(["!fatal", reason]));
    this.kill();
    this.socket.end();
  }

  private drop(how: "fin" | "rst"): void {
    this.kill();
    if (how === "fin") return void this.socket.end();
    try {
      this.socket.resetAndDestroy();
    } catch {
      this.socket.destroy(); // TLS sockets may not support a reset on every Node version
    }
  }
}
