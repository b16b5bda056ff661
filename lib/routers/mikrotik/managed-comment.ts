/**
 * Ownership mark on RouterOS items (docs/rulings.md §2): the comment starts with `rampart:<id>`, optionally followed
 * by one space and the admin's own comment. Anything else is foreign and never touched.
 * Filter rules carry the rule id (`rampart:r1a2b3c`); address-list entries carry their list
 * (`rampart:list:office`, `rampart:list:rampart.r1a2b3c.src`).
 */
const PREFIX = "rampart:";
const ID = /^(?:[A-Za-z0-9_-]{1,64}|list:[A-Za-z0-9._-]{1,64})$/;

/** The managed id of an address-list entry of `list`. */
export function listManagedId(list: string): string {
  return `list:${list}`;
}

export interface ManagedComment {
  id: string;
  adminComment: string;
}

export function parseManagedComment(comment: string | undefined | null): ManagedComment | null {
  if (!comment || !comment.startsWith(PREFIX)) return null;
  const rest = comment.slice(PREFIX.length);
  const space = rest.indexOf(" ");
  const id = space < 0 ? rest : rest.slice(0, space);
  if (!ID.test(id)) return null;
  return { id, adminComment: space < 0 ? "" : rest.slice(space + 1) };
}

/** Throws on an id that could not be parsed back: that is a bug in the caller, not user input. */
export function formatManagedComment(id: string, adminComment = ""): string {
  if (!ID.test(id)) throw new Error(`not a valid managed id: ${JSON.stringify(id)}`);
  return adminComment ? `${PREFIX}${id} ${adminComment}` : `${PREFIX}${id}`;
}
