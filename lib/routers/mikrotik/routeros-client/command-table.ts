import { DriverError } from "../../driver";

export type RosRow = Record<string, string>;

/** How a command ended: with its rows (when asked for), or with the error that ended it. */
export type CommandEnd = (error: DriverError | null, rows: RosRow[]) => void;

interface OpenCommand {
  command: string;
  /** `!re` rows and the `!done`'s own attributes (an add's `=ret=`), or null when the caller keeps none. */
  rows: RosRow[] | null;
  trap: string | null;
  end: CommandEnd;
  /** When its bytes left (stampSent); unset until the turn that wrote it ends. */
  sentAt?: number;
}

/**
 * The commands in flight on one connection, by tag (docs/routeros-api-protocol.md §3–4): every reply sentence
 * carries its command's tag, a `!trap` is followed by the `!done` that ends the command, and RouterOS 7.18+
 * answers an empty print with `!empty` first. A command costs one map entry: no channel, timer or promise of
 * its own, so a pipelined push of thousands of sentences is bounded by the link, not by bookkeeping.
 */
export class CommandTable {
  private nextTag = 0;
  /** In send order, which is the order the router answers in: the first is the one it owes a reply to. */
  private readonly open = new Map<string, OpenCommand>();
  private unsent: OpenCommand[] = [];

  /** `refused` turns a trap's message into the error the command ends with. */
  constructor(private readonly refused: (command: string, message: string) => DriverError) {}

  get size(): number {
    return this.open.size;
  }

  /** Registers a command and returns its tag; `R` and a number, which the library's own base-36 tags never are. */
  add(command: string, keepRows: boolean, end: CommandEnd): string {
    const tag = `R${++this.nextTag}`;
    const c: OpenCommand = { command, rows: keepRows ? [] : null, trap: null, end };
    this.open.set(tag, c);
    this.unsent.push(c);
    return tag;
  }

  /** The commands added since the last call have left at `now`. */
  stampSent(now: number): void {
    for (const c of this.unsent) c.sentAt = now;
    this.unsent = [];
  }

  /** The command word of the oldest open command: the one the router has not finished. */
  oldest(): string | undefined {
    for (const c of this.open.values()) return c.command;
    return undefined;
  }

  /** When the oldest open command left (now, if it has not yet); undefined when none is open. */
  oldestSentAt(): number | undefined {
    for (const c of this.open.values()) return c.sentAt ?? Date.now();
    return undefined;
  }

  /**
   * One reply sentence of a tagged command, its `.tag` word removed. Returns what is wrong when the sentence
   * cannot be placed (a tag nobody sent, a reply word the protocol does not have): the connection must end.
   */
  reply(tag: string, packet: readonly string[]): string | null {
    const c = this.open.get(tag);
    if (!c) return `a reply for tag ${tag}, which no command has`;
    switch (packet[0]) {
      case "!re":
        c.rows?.push(attributes(packet));
        return null;
      case "!trap":
        c.trap ??= attributes(packet).message ?? "";
        return null;
      case "!empty":
        return null;
      case "!done":
        this.open.delete(tag);
        if (c.trap !== null) c.end(this.refused(c.command, c.trap), []);
        else {
          if (c.rows && packet.length > 1) c.rows.push(attributes(packet));
          c.end(null, c.rows ?? []);
        }
        return null;
      default:
        return `unknown reply ${packet[0] ?? "(empty)"}`;
    }
  }

  /** The connection ended: every open command ends with `error` (the oldest with `first`, when given). */
  failAll(error: DriverError, first?: DriverError): void {
    const open = [...this.open.values()];
    this.open.clear();
    this.unsent = [];
    open.forEach((c, i) => c.end(i === 0 && first ? first : error, []));
  }
}

/** `=name=value` words split at the second `=` (values may hold `=` or be empty); other words carry no attribute. */
function attributes(packet: readonly string[]): RosRow {
  const row: RosRow = {};
  for (let i = 1; i < packet.length; i++) {
    const w = packet[i];
    if (w.charCodeAt(0) !== 61) continue;
    const eq = w.indexOf("=", 1);
    if (eq === -1) row[w.slice(1)] = "";
    else row[w.slice(1, eq)] = w.slice(eq + 1);
  }
  return row;
}
