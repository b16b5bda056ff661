/**
 * What the editor's save gets back. Expected refusals are values, never thrown.
 * Issue paths: "name", "description", "message" for the rule set's own fields; content fields are relative
 * to the content, as in docs/architecture.md ("rules.3.src.values.0", "addressLists.0.entries.2.address").
 * A save identical to the head revision comes back as kind "invalid" with no issues and a "nothing changed" message;
 * a rule set deleted meanwhile comes back as kind "invalid" too.
 */
export type SaveIssue = { path: string; message: string };

export type SaveResult =
  | { ok: true; revision: number }
  | { ok: false; kind: "stale"; message: string; currentRevision: number }
  | { ok: false; kind: "invalid"; message: string; issues: SaveIssue[] }
  | { ok: false; kind: "denied"; message: string };
