import { describe, expect, it } from "vitest";
import { content, rule } from "@/tests/support/rule-fixtures";
import { initEditorState } from "./editor-state";
import { insertIndex } from "./insert-position";
import { moveManyTo } from "./reorder";
import { initUndoable, undoableReducer, UNDO_LIMIT } from "./undo-history";

const a = rule({ id: "ra000001", comment: "a" });
const b = rule({ id: "rb000001", comment: "b" });
const c = rule({ id: "rc000001", comment: "c", action: "drop" });
const ids = (rules: { id: string }[]) => rules.map((r) => r.id);

describe("editor undo stack", () => {
  it("Ctrl/Cmd+Z steps back through edits, one at a time, to the loaded rules", () => {
    let s = initUndoable(initEditorState(content([a, b, c]), 4));
    s = undoableReducer(s, { type: "move", id: c.id, to: 0 });
    s = undoableReducer(s, { type: "setEnabled", ids: new Set([a.id]), enabled: false });
    expect(ids(s.present.rules)).toEqual([c.id, a.id, b.id]);
    s = undoableReducer(s, { type: "undo" });
    expect(s.present.rules.map((r) => r.enabled)).toEqual([true, true, true]);
    expect(ids(s.present.rules)).toEqual([c.id, a.id, b.id]);
    s = undoableReducer(s, { type: "undo" });
    expect(s.present.rules).toEqual([a, b, c]);
    expect(undoableReducer(s, { type: "undo" })).toBe(s);
  });

  it("a save is not an edit: undo after it goes back past the edit, on top of the new base", () => {
    let s = initUndoable(initEditorState(content([a, b]), 1));
    s = undoableReducer(s, { type: "remove", ids: new Set([b.id]) });
    s = undoableReducer(s, { type: "saved", content: content([a]), revision: 2 });
    expect(s.past).toHaveLength(1);
    s = undoableReducer(s, { type: "undo" });
    expect([ids(s.present.rules), s.present.baseRevision, ids(s.present.base.rules)]).toEqual([
      [a.id, b.id],
      2,
      [a.id],
    ]);
  });

  it("discard clears the stack; the stack keeps the last UNDO_LIMIT steps", () => {
    let s = initUndoable(initEditorState(content([a, b, c]), 1));
    for (let i = 0; i < UNDO_LIMIT + 5; i++) s = undoableReducer(s, { type: "move", id: a.id, to: i % 3 });
    expect(s.past.length).toBeLessThanOrEqual(UNDO_LIMIT);
    expect(undoableReducer(s, { type: "discard" }).past).toEqual([]);
  });
});

describe("move selected to a position", () => {
  it("puts the selected rules, in order, at the position given", () => {
    const d = rule({ id: "rd000001" });
    expect(ids(moveManyTo([a, b, c, d], (r) => r.id === c.id || r.id === d.id, 1))).toEqual(ids([c, d, a, b]));
    expect(ids(moveManyTo([a, b, c, d], (r) => r.id === a.id, 3))).toEqual(ids([b, c, a, d]));
    expect(ids(moveManyTo([a, b, c, d], (r) => r.id === a.id, 99))).toEqual(ids([b, c, d, a]));
  });
});

describe("where a new rule goes", () => {
  it("above the focused rule by default, so it lands before a final drop", () => {
    expect(insertIndex([a, b, c], c.id, "above")).toBe(2);
    expect(insertIndex([a, b, c], c.id, "below")).toBe(3);
    expect(insertIndex([a, b, c], null, "above")).toBe(3);
    expect(insertIndex([a, b, c], "gone0001", "above")).toBe(3);
    expect(insertIndex([a, b, c], b.id, "top")).toBe(0);
  });
});
