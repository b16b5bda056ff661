import { describe, expect, test } from "vitest";
import { diffRuleSets } from "./diff";
import type { Rule } from "./schema";
import { content, list, rule } from "@/tests/support/rule-fixtures";

const r = (n: number, overrides: Partial<Rule> = {}) => rule({ id: `rule00${n}`, ...overrides });
const base = [r(1), r(2), r(3), r(4), r(5)];
const emptySummary = {
  rulesAdded: 0,
  rulesRemoved: 0,
  rulesMoved: 0,
  rulesChanged: 0,
  listsAdded: 0,
  listsRemoved: 0,
  listsChanged: 0,
  entriesAdded: 0,
  entriesRemoved: 0,
  entryCommentsChanged: 0,
};

describe("diffRuleSets: rules", () => {
  test("identical contents", () => {
    const d = diffRuleSets(
      content(base, [list("office", ["10.0.0.1"])]),
      content(base, [list("office", ["10.0.0.1"])]),
    );
    expect(d).toEqual({
      rulesAdded: [],
      rulesRemoved: [],
      rulesMoved: [],
      rulesChanged: [],
      addressLists: [],
      summary: { ...emptySummary, identical: true },
    });
  });

  test("reorder only: moving one rule to the top reports that rule alone", () => {
    const d = diffRuleSets(content(base), content([r(5), r(1), r(2), r(3), r(4)]));
    expect(d.rulesMoved).toEqual([{ id: "rule005", from: 4, to: 0 }]);
    expect(d.rulesChanged).toEqual([]);
    expect(d.summary).toEqual({ ...emptySummary, rulesMoved: 1, identical: false });
  });

  test("reorder only: swapping two neighbours reports one move", () => {
    const d = diffRuleSets(content(base), content([r(1), r(3), r(2), r(4), r(5)]));
    expect(d.rulesMoved).toHaveLength(1);
    expect(["rule002", "rule003"]).toContain(d.rulesMoved[0].id);
  });

  test("reorder only: full reversal moves all but one", () => {
    const d = diffRuleSets(content(base), content([...base].reverse()));
    expect(d.rulesMoved).toHaveLength(4);
  });

  test("adding or removing rules does not count as moving the others", () => {
    const d = diffRuleSets(content(base), content([r(1), r(6), r(3), r(4), r(5)]));
    expect(d.rulesAdded).toEqual([{ id: "rule006", index: 1, rule: r(6) }]);
    expect(d.rulesRemoved).toEqual([{ id: "rule002", index: 1, rule: r(2) }]);
    expect(d.rulesMoved).toEqual([]);
    expect(d.summary).toMatchObject({
      rulesAdded: 1,
      rulesRemoved: 1,
      rulesMoved: 0,
      rulesChanged: 0,
      identical: false,
    });
  });

  test("edit only: field changes with readable old and new text", () => {
    const after = [
      r(1),
      r(2, {
        protocol: "tcp",
        dstPorts: [
          { from: 22, to: 22 },
          { from: 2222, to: 2230 },
        ],
        src: { kind: "list", list: "office", negate: false },
        enabled: false,
      }),
      r(3),
      r(4, {
        comment: "SSH",
        inInterface: "ether1",
        states: ["established", "related"],
        log: true,
        logPrefix: "x",
        family: "ipv4",
      }),
      r(5),
    ];
    const d = diffRuleSets(content(base), content(after));
    expect(d.rulesMoved).toEqual([]);
    expect(d.rulesChanged).toEqual([
      {
        id: "rule002",
        index: 1,
        changes: [
          { path: "enabled", label: "enabled", old: true, new: false, oldText: "enabled", newText: "disabled" },
          { path: "protocol", label: "protocol", old: "any", new: "tcp", oldText: "any", newText: "tcp" },
          {
            path: "src",
            label: "source",
            old: { kind: "any" },
            new: { kind: "list", list: "office", negate: false },
            oldText: "any",
            newText: "office",
          },
          {
            path: "dstPorts",
            label: "destination ports",
            old: [],
            new: [
              { from: 22, to: 22 },
              { from: 2222, to: 2230 },
            ],
            oldText: "any",
            newText: "22, 2222-2230",
          },
        ],
      },
      {
        id: "rule004",
        index: 3,
        changes: [
          { path: "family", label: "family", old: "both", new: "ipv4", oldText: "ipv4 and ipv6", newText: "ipv4" },
          { path: "inInterface", label: "in-interface", old: null, new: "ether1", oldText: "any", newText: "ether1" },
          {
            path: "states",
            label: "connection states",
            old: [],
            new: ["established", "related"],
            oldText: "any",
            newText: "established,related",
          },
          { path: "log", label: "log", old: false, new: true, oldText: "no", newText: "yes" },
          { path: "logPrefix", label: "log prefix", old: "", new: "x", oldText: "(none)", newText: "x" },
          { path: "comment", label: "comment", old: "", new: "SSH", oldText: "(none)", newText: "SSH" },
        ],
      },
    ]);
    expect(d.summary).toEqual({ ...emptySummary, rulesChanged: 2, identical: false });
  });

  test("negation and address values are compared exactly", () => {
    const before = [r(1, { src: { kind: "addresses", values: ["10.0.0.0/8"], negate: false } })];
    const after = [r(1, { src: { kind: "addresses", values: ["10.0.0.0/8"], negate: true } })];
    expect(diffRuleSets(content(before), content(after)).rulesChanged[0].changes).toEqual([
      {
        path: "src",
        label: "source",
        old: { kind: "addresses", values: ["10.0.0.0/8"], negate: false },
        new: { kind: "addresses", values: ["10.0.0.0/8"], negate: true },
        oldText: "10.0.0.0/8",
        newText: "not 10.0.0.0/8",
      },
    ]);
  });

  test("key order inside values does not count as a change", () => {
    const before = [r(1, { dst: { kind: "list", list: "office", negate: false } })];
    const after = [r(1, { dst: { negate: false, list: "office", kind: "list" } as Rule["dst"] })];
    expect(diffRuleSets(content(before), content(after)).summary.identical).toBe(true);
  });

  test("combined: add, remove, move and edit at once", () => {
    const after = [r(4, { action: "drop" }), r(1), r(7), r(2), r(5)];
    const d = diffRuleSets(content(base), content(after));
    expect(d.rulesAdded.map((a) => [a.id, a.index])).toEqual([["rule007", 2]]);
    expect(d.rulesRemoved.map((a) => [a.id, a.index])).toEqual([["rule003", 2]]);
    expect(d.rulesMoved).toEqual([{ id: "rule004", from: 3, to: 0 }]);
    expect(d.rulesChanged).toEqual([
      {
        id: "rule004",
        index: 0,
        changes: [{ path: "action", label: "action", old: "accept", new: "drop", oldText: "accept", newText: "drop" }],
      },
    ]);
    expect(d.summary).toEqual({
      ...emptySummary,
      rulesAdded: 1,
      rulesRemoved: 1,
      rulesMoved: 1,
      rulesChanged: 1,
      identical: false,
    });
  });

  test("from empty and to empty", () => {
    expect(diffRuleSets(content(), content(base)).summary).toMatchObject({ rulesAdded: 5, rulesMoved: 0 });
    expect(diffRuleSets(content(base), content()).summary).toMatchObject({ rulesRemoved: 5, rulesMoved: 0 });
  });

  test("the result survives a JSON round trip", () => {
    const d = diffRuleSets(
      content(base, [list("a", ["10.0.0.1"])]),
      content([r(2), r(1, { comment: "x" })], [list("b")]),
    );
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe("diffRuleSets: address lists", () => {
  const entry = (address: string, comment = "") => ({ address, comment });

  test("lists added, removed and changed per entry", () => {
    const before = content(
      [],
      [
        { name: "office", entries: [entry("10.0.0.1", "alice"), entry("10.0.0.2"), entry("10.0.0.3", "carol")] },
        list("old", ["192.0.2.1"]),
        list("same", ["192.0.2.9"]),
      ],
    );
    const after = content(
      [],
      [
        {
          name: "office",
          entries: [entry("10.0.0.3", "carol's laptop"), entry("10.0.0.1", "alice"), entry("10.0.0.4", "dave")],
        },
        list("same", ["192.0.2.9"]),
        list("new", ["2001:db8::1"]),
      ],
    );
    const d = diffRuleSets(before, after);
    expect(d.addressLists).toEqual([
      {
        change: "changed",
        name: "office",
        entriesAdded: [entry("10.0.0.4", "dave")],
        entriesRemoved: [entry("10.0.0.2")],
        commentsChanged: [{ address: "10.0.0.3", old: "carol", new: "carol's laptop" }],
      },
      { change: "removed", name: "old", entries: [entry("192.0.2.1")] },
      { change: "added", name: "new", entries: [entry("2001:db8::1")] },
    ]);
    expect(d.summary).toEqual({
      ...emptySummary,
      listsAdded: 1,
      listsRemoved: 1,
      listsChanged: 1,
      entriesAdded: 1,
      entriesRemoved: 1,
      entryCommentsChanged: 1,
      identical: false,
    });
  });

  test("entry order alone is not a change", () => {
    const d = diffRuleSets(
      content([], [list("a", ["10.0.0.1", "10.0.0.2"])]),
      content([], [list("a", ["10.0.0.2", "10.0.0.1"])]),
    );
    expect(d.addressLists).toEqual([]);
    expect(d.summary.identical).toBe(true);
  });

  test("a renamed list is removed plus added", () => {
    const d = diffRuleSets(content([], [list("a", ["10.0.0.1"])]), content([], [list("b", ["10.0.0.1"])]));
    expect(d.addressLists.map((l) => [l.change, l.name])).toEqual([
      ["removed", "a"],
      ["added", "b"],
    ]);
  });
});
