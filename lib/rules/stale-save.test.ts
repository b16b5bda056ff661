import { expect, test } from "vitest";
import { checkBaseRevision } from "./stale-save";

test("saving on top of the current revision is fine", () => {
  expect(checkBaseRevision(1, 1)).toEqual({ ok: true });
  expect(checkBaseRevision(42, 42)).toEqual({ ok: true });
});

test.each([
  [5, 4],
  [7, 3],
])("current %i, base %i: refused with the newer revision named", (current, base) => {
  expect(checkBaseRevision(current, base)).toEqual({
    ok: false,
    currentRevision: current,
    message: `This rule set was changed by someone else (revision ${current}). Your edits are kept; review the newer change and save again.`,
  });
});

test("a base newer than the current revision (e.g. after a restore) is refused too", () => {
  expect(checkBaseRevision(3, 4).ok).toBe(false);
});
