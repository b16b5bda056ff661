/**
 * Parser for the RouterOS script subset the peer's scheduler runs (see script-runner.ts for what executes).
 * Statements end at a newline or ';'. An item is a run of pieces glued together without spaces: bare text,
 * "quoted strings", [command substitution], {blocks} and $variables. `key=value`, `key!=value` and
 * `key~value` split at the first operator in the leading bare text.
 */
export type Piece =
  | { kind: "text"; text: string }
  | { kind: "var"; name: string }
  | { kind: "sub"; body: Statement[] }
  | { kind: "block"; body: Statement[] };

export interface Item {
  key: string | null;
  op: "=" | "!=" | "~" | null;
  value: Piece[];
}

export type Statement = Item[];

export class ScriptSyntaxError extends Error {}

export function parseScript(source: string): Statement[] {
  const p = new Parser(source.replace(/\r\n/g, "\n").replace(/\\\n[ \t]*/g, ""));
  const body = p.statements(null);
  if (p.pos < p.src.length) throw new ScriptSyntaxError(`syntax error (line ${p.line()})`);
  return body;
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  line(): number {
    return this.src.slice(0, this.pos).split("\n").length;
  }

  statements(close: "]" | "}" | null): Statement[] {
    const out: Statement[] = [];
    let current: Item[] = [];
    const flush = () => {
      if (current.length) out.push(current);
      current = [];
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === " " || ch === "\t") this.pos++;
      else if (ch === "\n" || ch === ";") {
        flush();
        this.pos++;
      } else if (ch === "#" && current.length === 0) {
        while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
      } else if (ch === "]" || ch === "}") {
        if (ch !== close) throw new ScriptSyntaxError(`unexpected ${ch} (line ${this.line()})`);
        flush();
        this.pos++;
        return out;
      } else current.push(this.item());
    }
    if (close) throw new ScriptSyntaxError(`missing ${close}`);
    flush();
    return out;
  }

  private item(): Item {
    const pieces: Piece[] = [];
    let key: string | null = null;
    let op: Item["op"] = null;
    let text = "";
    const pushText = () => {
      if (text) pieces.push({ kind: "text", text });
      text = "";
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (" \t\n;]}".includes(ch)) break;
      if (ch === '"') {
        pushText();
        this.pos++;
        pieces.push(...this.quoted());
      } else if (ch === "[") {
        pushText();
        this.pos++;
        pieces.push({ kind: "sub", body: this.statements("]") });
      } else if (ch === "{") {
        pushText();
        this.pos++;
        pieces.push({ kind: "block", body: this.statements("}") });
      } else if (ch === "$" && /[A-Za-z_]/.test(this.src[this.pos + 1] ?? "")) {
        pushText();
        pieces.push({ kind: "var", name: this.varName() });
      } else if (
        (ch === "=" || ch === "~") &&
        key === null &&
        pieces.length === 0 &&
        /^[A-Za-z0-9._-]+!?$/.test(text)
      ) {
        op = ch === "~" ? "~" : text.endsWith("!") ? "!=" : "=";
        key = text.endsWith("!") ? text.slice(0, -1) : text;
        text = "";
        this.pos++;
      } else {
        text += ch;
        this.pos++;
      }
    }
    pushText();
    return { key, op, value: pieces };
  }

  private varName(): string {
    this.pos++; // '$'
    const start = this.pos;
    while (this.pos < this.src.length && /[A-Za-z0-9_-]/.test(this.src[this.pos])) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** After the opening quote; handles the escapes RouterOS documents and $var interpolation. */
  private quoted(): Piece[] {
    const out: Piece[] = [];
    let text = "";
    const escapes: Record<string, string> = {
      n: "\n",
      r: "\r",
      t: "\t",
      a: "\x07",
      b: "\b",
      f: "\f",
      v: "\v",
      _: " ",
      '"': '"',
      "\\": "\\",
      $: "$",
      "?": "?",
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos++];
      if (ch === '"') {
        if (text || out.length === 0) out.push({ kind: "text", text });
        return out;
      }
      if (ch === "\\") {
        const next = this.src[this.pos];
        const hex = /^[0-9A-F]{2}$/.exec(this.src.slice(this.pos, this.pos + 2));
        if (hex) {
          text += String.fromCharCode(parseInt(hex[0], 16));
          this.pos += 2;
        } else {
          text += escapes[next] ?? next;
          this.pos++;
        }
      } else if (ch === "$" && /[A-Za-z_]/.test(this.src[this.pos] ?? "")) {
        if (text) out.push({ kind: "text", text });
        text = "";
        this.pos--;
        out.push({ kind: "var", name: this.varName() });
      } else text += ch;
    }
    throw new ScriptSyntaxError("unterminated string");
  }
}
