import { newRuleId } from "@/lib/rules/new-id";
import type { AddressList, NatRule, Rule, RuleSetContent } from "@/lib/rules/schema";
import { moveItem, moveManyTo, removeAt, restoreAt } from "./reorder";

/**
 * The editor's working copy. `base` is the content of `baseRevision` as the server has it; `rules` and
 * `addressLists` are the admin's edits on top. Rule objects are never mutated, so an unchanged rule is the very
 * same object as in `base`, which keeps the unsaved-change count and row rendering cheap with thousands of rules.
 */
export type EditorState = {
  base: RuleSetContent;
  baseRevision: number;
  rules: Rule[];
  addressLists: AddressList[];
  /** Port forwards and source NAT (docs/nat.md); [] for a set without them. */
  nat: NatRule[];
  /** Rules just moved, added or duplicated, highlighted until the next change. */
  touched: ReadonlySet<string>;
};

export type Removed = { index: number; item: Rule }[];

export type EditorAction =
  | { type: "move"; id: string; to: number }
  | { type: "moveMany"; ids: ReadonlySet<string>; position: number }
  | { type: "upsert"; rule: Rule; insertAt?: number }
  | { type: "duplicate"; id: string }
  | { type: "remove"; ids: ReadonlySet<string> }
  | { type: "restore"; removed: Removed }
  | { type: "setEnabled"; ids: ReadonlySet<string>; enabled: boolean }
  | { type: "setLists"; addressLists: AddressList[]; rules?: Rule[] }
  | { type: "setNat"; nat: NatRule[] }
  | { type: "saved"; content: RuleSetContent; revision: number }
  | { type: "discard" };

export function initEditorState(content: RuleSetContent, baseRevision: number): EditorState {
  return {
    base: content,
    baseRevision,
    rules: content.rules,
    addressLists: content.addressLists,
    nat: content.nat ?? [],
    touched: new Set(),
  };
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "move": {
      const from = state.rules.findIndex((r) => r.id === action.id);
      if (from < 0) return state;
      return { ...state, rules: moveItem(state.rules, from, action.to), touched: new Set([action.id]) };
    }
    case "moveMany": {
      const rules = moveManyTo(state.rules, (r) => action.ids.has(r.id), action.position);
      return rules === state.rules ? state : { ...state, rules, touched: new Set(action.ids) };
    }
    case "upsert": {
      const at = state.rules.findIndex((r) => r.id === action.rule.id);
      if (at >= 0) return { ...state, rules: state.rules.with(at, action.rule), touched: new Set([action.rule.id]) };
      const rules = state.rules.slice();
      rules.splice(action.insertAt ?? rules.length, 0, action.rule);
      return { ...state, rules, touched: new Set([action.rule.id]) };
    }
    case "duplicate": {
      const at = state.rules.findIndex((r) => r.id === action.id);
      if (at < 0) return state;
      const copy = { ...state.rules[at], id: newRuleId() };
      const rules = state.rules.slice();
      rules.splice(at + 1, 0, copy);
      return { ...state, rules, touched: new Set([copy.id]) };
    }
    case "remove": {
      const { kept, removed } = removeAt(state.rules, (r) => !action.ids.has(r.id));
      return removed.length === 0 ? state : { ...state, rules: kept, touched: new Set() };
    }
    case "restore": {
      const present = new Set(state.rules.map((r) => r.id));
      const missing = action.removed.filter((r) => !present.has(r.item.id));
      return { ...state, rules: restoreAt(state.rules, missing), touched: new Set(missing.map((r) => r.item.id)) };
    }
    case "setEnabled": {
      let changed = false;
      const rules = state.rules.map((r) => {
        if (!action.ids.has(r.id) || r.enabled === action.enabled) return r;
        changed = true;
        return { ...r, enabled: action.enabled };
      });
      return changed ? { ...state, rules } : state;
    }
    case "setLists":
      return { ...state, addressLists: action.addressLists, rules: action.rules ?? state.rules };
    case "setNat":
      return { ...state, nat: action.nat };
    case "saved":
      // Edits made while the save was on its way stay unsaved: only what was sent becomes the new base.
      return { ...state, base: action.content, baseRevision: action.revision };
    case "discard":
      return initEditorState(state.base, state.baseRevision);
  }
}
