/**
 * Bound parameters per statement have a ceiling: Prisma refuses a SQLite query over 999 (P2029), PostgreSQL's
 * protocol stops at 65,535. A list that grows with the fleet (router ids, preview ids, deployment ids) goes to
 * the database in slices of this size, so one push to 10,000 routers is 20 statements, not an
 * error. 500 leaves room for the other parameters of the statement.
 */
export const IDS_PER_STATEMENT = 500;

export function chunks<T>(items: readonly T[], size = IDS_PER_STATEMENT): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Runs `query` once per slice of `ids` and concatenates the rows, in slice order. */
export async function inChunks<I, R>(
  ids: readonly I[],
  query: (slice: I[]) => Promise<R[]>,
  size = IDS_PER_STATEMENT,
): Promise<R[]> {
  const out: R[] = [];
  for (const slice of chunks(ids, size)) out.push(...(await query(slice)));
  return out;
}
