import { RouterTrap } from "./trap";

/**
 * Print queries (docs/routeros-api-protocol.md §3): a boolean stack that starts as infinitely many `true`; an item is
 * returned iff no `false` remains. `?#ops` manipulates the stack.
 */
export type Row = Record<string, string>;

export function rowMatches(row: Row, queries: string[]): boolean {
  const stack: boolean[] = []; // index length-1 is the top; below the bottom everything is `true`
  const at = (n: number) => (n < stack.length ? stack[stack.length - 1 - n] : true);
  const pop = () => (stack.length ? stack.pop()! : true);
  for (const q of queries) {
    const body = q.slice(1);
    if (body.startsWith("#")) {
      runOps(body.slice(1), stack, at, pop);
      continue;
    }
    stack.push(evalOne(row, body));
  }
  return stack.every(Boolean);
}

function evalOne(row: Row, body: string): boolean {
  if (body.startsWith("-")) return !(body.slice(1) in row);
  const op = body[0] === "<" || body[0] === ">" ? body[0] : body[0] === "=" ? "=" : null;
  const rest = op ? body.slice(1) : body;
  const eq = rest.indexOf("=");
  if (eq < 0) {
    if (op) throw new RouterTrap(`bad query ${body}`);
    return body in row;
  }
  const name = rest.slice(0, eq);
  const want = rest.slice(eq + 1);
  const have = row[name];
  if (op === "<" || op === ">") {
    if (have === undefined) return false;
    const c = compareValues(have, want);
    return op === "<" ? c < 0 : c > 0;
  }
  return (have ?? "") === want;
}

/** Numbers (and `*HEX` ids) compare numerically, everything else as strings. */
function compareValues(a: string, b: string): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== null && nb !== null) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function numeric(v: string): number | null {
  if (/^\*[0-9A-Fa-f]+$/.test(v)) return parseInt(v.slice(1), 16);
  if (/^-?\d+$/.test(v)) return Number(v);
  return null;
}

function runOps(ops: string, stack: boolean[], at: (n: number) => boolean, pop: () => boolean): void {
  let i = 0;
  while (i < ops.length) {
    const ch = ops[i];
    if (/\d/.test(ch)) {
      let j = i;
      while (j < ops.length && /\d/.test(ops[j])) j++;
      const n = Number(ops.slice(i, j));
      const v = at(n);
      if (j === ops.length) {
        // digits at the end replace the whole stack with stack[N]
        stack.length = 0;
        stack.push(v);
      } else {
        stack.push(v);
        if (ops[j] === ".") j++; // '.' right after an index is a no-op separator
      }
      i = j;
      continue;
    }
    if (ch === "!") stack.push(!pop());
    else if (ch === "&") {
      const a = pop();
      const b = pop();
      stack.push(a && b);
    } else if (ch === "|") {
      const a = pop();
      const b = pop();
      stack.push(a || b);
    } else if (ch === ".") stack.push(at(0));
    else throw new RouterTrap(`bad query operation ${ch}`);
    i++;
  }
}
