/**
 * Optimistic concurrency for rule-set saves: the editor sends the revision its edits started from, and a save
 * on top of a newer revision is refused rather than silently overwriting someone else's change.
 */

export type BaseRevisionCheck = { ok: true } | { ok: false; currentRevision: number; message: string };

export function checkBaseRevision(currentRevision: number, baseRevision: number): BaseRevisionCheck {
  if (currentRevision === baseRevision) return { ok: true };
  return {
    ok: false,
    currentRevision,
    message: `This rule set was changed by someone else (revision ${currentRevision}). Your edits are kept; review the newer change and save again.`,
  };
}
