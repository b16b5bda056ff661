import { editorReducer, type EditorAction, type EditorState } from "./editor-state";

/**
 * The editor state with the states before each edit, so Ctrl/Cmd+Z can step back. Only edits push a step: a save
 * moves the base, not the rules, and discard starts over. Rule objects are shared between steps (never mutated),
 * so a step costs one array, not a copy of every rule.
 */
export type UndoableState = { present: EditorState; past: EditorState[] };
export type UndoableAction = EditorAction | { type: "undo" };

/** Steps kept: enough for a working session; the oldest go first. */
export const UNDO_LIMIT = 100;

export function initUndoable(present: EditorState): UndoableState {
  return { present, past: [] };
}

export function undoableReducer(state: UndoableState, action: UndoableAction): UndoableState {
  if (action.type === "undo") {
    const previous = state.past.at(-1);
    if (!previous) return state;
    // Back to the previous rules and lists, on top of the base as it is now (a save in between stays saved).
    return {
      present: { ...previous, base: state.present.base, baseRevision: state.present.baseRevision, touched: new Set() },
      past: state.past.slice(0, -1),
    };
  }
  const next = editorReducer(state.present, action);
  if (next === state.present) return state;
  if (action.type === "saved") return { ...state, present: next };
  if (action.type === "discard") return { present: next, past: [] };
  if (next.rules === state.present.rules && next.addressLists === state.present.addressLists)
    return { ...state, present: next };
  return { present: next, past: [...state.past, state.present].slice(-UNDO_LIMIT) };
}
