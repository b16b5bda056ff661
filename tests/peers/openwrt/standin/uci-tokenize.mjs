// Tokeniser shared by config files, delta files and `uci batch` input, following libuci's file.c:
// whitespace splits; '…' is literal and may span lines; "…" takes \x as x; an unquoted \ escapes the next
// character (\ + newline continues the line); quotes glue to neighbouring text; an unquoted # starts a
// comment; an unquoted ; ends the command and drops the rest of the line. No $ or backtick expansion.

export class UciParseError extends Error {
  constructor(reason, line, byte) {
    super(`Parse error (${reason}) at line ${line}, byte ${byte}`);
    this.reason = reason;
    this.line = line;
    this.byte = byte;
  }
}

/**
 * Splits `text` into commands. Each command is { tokens: string[], line: number } (line = 1-based line of its
 * first character). An unterminated quote throws UciParseError after the earlier commands were returned via
 * `onCommand`, because real uci has already executed them by then.
 */
export function forEachCommand(text, onCommand) {
  let pos = 0;
  let line = 1;
  let lineStart = 0;
  const len = text.length;
  const newline = () => {
    line++;
    lineStart = pos;
  };

  while (pos < len) {
    const tokens = [];
    const startLine = line;
    let endOfCommand = false;
    while (!endOfCommand) {
      // skip blanks inside the line
      while (pos < len && text[pos] !== "\n" && /\s/.test(text[pos])) pos++;
      if (pos >= len) break;
      const c = text[pos];
      if (c === "\n") {
        pos++;
        newline();
        break;
      }
      if (c === "#") {
        while (pos < len && text[pos] !== "\n") pos++;
        continue;
      }
      if (c === ";") {
        // real uci ends the command here and throws away what follows on the line
        while (pos < len && text[pos] !== "\n") pos++;
        endOfCommand = true;
        continue;
      }
      let token = "";
      let inToken = true;
      while (inToken && pos < len) {
        const ch = text[pos];
        if (ch === "'") {
          const qLine = line;
          const qByte = pos - lineStart;
          pos++;
          for (;;) {
            if (pos >= len) throw new UciParseError("unterminated '", qLine, qByte);
            const q = text[pos++];
            if (q === "'") break;
            if (q === "\n") newline();
            token += q;
          }
        } else if (ch === '"') {
          const qLine = line;
          const qByte = pos - lineStart;
          pos++;
          for (;;) {
            if (pos >= len) throw new UciParseError('unterminated "', qLine, qByte);
            const q = text[pos++];
            if (q === '"') break;
            if (q === "\\") {
              if (pos >= len) throw new UciParseError('unterminated "', qLine, qByte);
              const e = text[pos++];
              if (e === "\n") newline();
              else token += e;
              continue;
            }
            if (q === "\n") newline();
            token += q;
          }
        } else if (ch === "\\") {
          pos++;
          if (pos >= len) break;
          const e = text[pos++];
          if (e === "\n") newline();
          else token += e;
        } else if (ch === "#") {
          while (pos < len && text[pos] !== "\n") pos++;
          inToken = false;
        } else if (ch === ";") {
          while (pos < len && text[pos] !== "\n") pos++;
          inToken = false;
          endOfCommand = true;
        } else if (/\s/.test(ch)) {
          inToken = false;
        } else {
          token += ch;
          pos++;
        }
      }
      tokens.push(token);
    }
    if (tokens.length > 0) {
      const stop = onCommand({ tokens, line: startLine });
      if (stop === false) return;
    }
  }
}

export function tokenizeAll(text) {
  const out = [];
  forEachCommand(text, (c) => {
    out.push(c);
  });
  return out;
}
