import { connectedSqlite, type SqliteConnection, type SqliteStatement } from "./client";

/**
 * Plain SQL on the very SQLite connection Prisma uses, for the few statements that run per router in a fleet
 * push or sweep. Each Prisma call, `$executeRaw` included, goes through its query compiler and several promise
 * layers and costs about a millisecond of the event loop every push shares, many times the statement itself;
 * here a statement is prepared once and run synchronously, as better-sqlite3 does under Prisma anyway.
 *
 * Values are always bound parameters; `raw()` takes only text written in our code (column names). Values are
 * stored as Prisma stores them (dates as ISO-8601 with "+00:00", booleans as 0/1), so model reads see the same.
 * Being the same connection, a statement run while a Prisma interactive transaction is open belongs to it,
 * exactly like any other Prisma query made meanwhile.
 */
export type SqlValue = string | number | bigint | boolean | Date | null | undefined;

export class Sql {
  constructor(
    readonly text: string,
    readonly values: readonly SqlValue[],
  ) {}
}

/** A statement or fragment: `${value}` becomes a bound parameter, `${sqlFragment}` is spliced in. */
export function sql(strings: TemplateStringsArray, ...parts: (SqlValue | Sql)[]): Sql {
  let text = strings[0];
  const values: SqlValue[] = [];
  parts.forEach((p, i) => {
    if (p instanceof Sql) {
      text += p.text;
      values.push(...p.values);
    } else {
      text += "?";
      values.push(p);
    }
    text += strings[i + 1];
  });
  return new Sql(text, values);
}

export function join(parts: readonly (Sql | SqlValue)[], separator = ", "): Sql {
  if (parts.length === 0) throw new Error("join() of nothing: SQL has no empty list");
  const fragments = parts.map((p) => (p instanceof Sql ? p : sql`${p}`));
  return new Sql(
    fragments.map((f) => f.text).join(separator),
    fragments.flatMap((f) => f.values),
  );
}

/** Text from our own code, never from input: identifiers. */
export function raw(text: string): Sql {
  return new Sql(text, []);
}

/** Runs the statements, in one transaction when there are several; returns the rows each one changed. */
export async function execute(...statements: Sql[]): Promise<number[]> {
  const conn = await connectedSqlite();
  if (statements.length === 1) return [prepared(conn, statements[0]).run(...bind(statements[0])).changes];
  return conn.transaction(() => statements.map((s) => prepared(conn, s).run(...bind(s)).changes))();
}

/**
 * Lets other requests run (a macrotask; awaiting a promise alone does not: better-sqlite3 answers synchronously,
 * so a whole transaction of awaited statements can otherwise be one long turn of the event loop).
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Rows per INSERT of insertSliced (a few parameters each, far below SQLite's limit of 32,766). */
const INSERT_SLICE = 500;

/**
 * A bulk insert of rows (values in `columns` order) in slices, letting other requests run between them (a
 * macrotask each: awaiting a statement alone would not). 10,000 rows through Prisma's createMany held the event
 * loop for over 3 s (its query compiler, not SQLite); a 500-row slice takes milliseconds. Inside a Prisma
 * transaction the slices belong to it, like any statement here. `table` and `columns` are names from our code.
 */
export async function insertSliced(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  const head = raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  for (let i = 0; i < rows.length; i += INSERT_SLICE) {
    await nextTurn();
    const values = rows.slice(i, i + INSERT_SLICE).map((r) => sql`(${join(r)})`);
    await execute(sql`${head}${join(values)}`);
  }
}

export async function queryRows(statement: Sql): Promise<Record<string, unknown>[]> {
  const conn = await connectedSqlite();
  return prepared(conn, statement).all(...bind(statement)) as Record<string, unknown>[];
}

function bind(s: Sql): unknown[] {
  return s.values.map((v) =>
    v === undefined
      ? null
      : v instanceof Date
        ? v.toISOString().replace("Z", "+00:00")
        : typeof v === "boolean"
          ? v
            ? 1
            : 0
          : v,
  );
}

/** Statement texts vary only with list lengths (a batch of steps, an IN list): a small cache holds them all. */
const MAX_CACHED = 256;
const cache = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

function prepared(conn: SqliteConnection, s: Sql): SqliteStatement {
  let byText = cache.get(conn);
  if (!byText) cache.set(conn, (byText = new Map()));
  let stmt = byText.get(s.text);
  if (!stmt) {
    if (byText.size >= MAX_CACHED) byText.clear();
    // Prisma turns BigInt reads on for its connection; our counts, ports and sizes read as plain numbers.
    stmt = conn.prepare(s.text).safeIntegers(false);
    byText.set(s.text, stmt);
  }
  return stmt;
}
