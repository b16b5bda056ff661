import { unlimitedContentSchema, type RuleSetContent } from "@/lib/rules/schema";
import type { DecompileResult, SkippedItem } from "./driver";

/**
 * The last pass of every vendor's decompile: the content must pass the same schema an editor save does. A rule
 * or list entry the schema refuses (a name too long, an address of the wrong family, ...) is moved to `skipped`
 * with the schema's own message, and the rest is checked again, so the result always saves.
 */
export function checkDecompiled(
  content: RuleSetContent,
  skipped: SkippedItem[],
  origin: {
    rules: { ref: string; label: string }[];
    entries: { ref: string; label: string }[][];
    nat?: { ref: string; label: string }[];
  },
): DecompileResult {
  let rules = content.rules.map((r, i) => ({ r, o: origin.rules[i] }));
  let nat = (content.nat ?? []).map((r, i) => ({ r, o: origin.nat?.[i] }));
  let lists = content.addressLists.map((l, li) => ({
    name: l.name,
    entries: l.entries.map((e, ei) => ({ e, o: origin.entries[li]?.[ei] })),
  }));
  const out = [...skipped];
  for (let round = 0; round < 50; round++) {
    const candidate: RuleSetContent = {
      rules: rules.map((x) => x.r),
      addressLists: lists.map((l) => ({ name: l.name, entries: l.entries.map((x) => x.e) })),
      // no NAT read: no key, as a rule set stored before NAT (the same hash)
      ...(nat.length ? { nat: nat.map((x) => x.r) } : {}),
    };
    // The rule count limit is the importer's to enforce, with its own message (lib/drift/import-text.ts).
    const parsed = unlimitedContentSchema.safeParse(candidate);
    if (parsed.success) return { content: parsed.data, skipped: out };
    const badRules = new Map<number, string>();
    const badNat = new Map<number, string>();
    const badEntries = new Map<string, string>();
    const badLists = new Map<number, string>();
    for (const issue of parsed.error.issues) {
      const [top, i, sub, j] = issue.path;
      if (top === "rules" && typeof i === "number") {
        if (!badRules.has(i)) badRules.set(i, `${issue.path.slice(2).join(".") || "rule"}: ${issue.message}`);
      } else if (top === "nat" && typeof i === "number") {
        if (!badNat.has(i)) badNat.set(i, `${issue.path.slice(2).join(".") || "NAT rule"}: ${issue.message}`);
      } else if (top === "addressLists" && typeof i === "number" && sub === "entries" && typeof j === "number") {
        badEntries.set(`${i}.${j}`, issue.message);
      } else if (top === "addressLists" && typeof i === "number") {
        badLists.set(i, issue.message);
      } else {
        // A whole-content problem with no rule to blame (should not happen): drop nothing silently, stop here.
        throw new Error(`decompiled content is invalid at ${issue.path.join(".")}: ${issue.message}`);
      }
    }
    if (badRules.size === 0 && badEntries.size === 0 && badLists.size === 0 && badNat.size === 0) break;
    const refuse = <T extends { o?: { ref: string; label: string }; r: { comment: string } }>(
      items: T[],
      bad: Map<number, string>,
      what: string,
    ) =>
      items.filter((x, i) => {
        const why = bad.get(i);
        if (why)
          out.push({
            ref: x.o?.ref ?? `${what} ${i + 1}`,
            label: x.o?.label ?? x.r.comment,
            reason: `Rampart refuses it: ${why}`,
          });
        return !why;
      });
    rules = refuse(rules, badRules, "rule");
    nat = refuse(nat, badNat, "NAT rule");
    lists = lists
      .map((l, li) => {
        if (badLists.has(li)) {
          out.push({
            ref: `list ${l.name}`,
            label: `address list ${l.name}`,
            reason: `Rampart refuses it: ${badLists.get(li)}`,
          });
          return null;
        }
        return {
          ...l,
          entries: l.entries.filter((x, ei) => {
            const why = badEntries.get(`${li}.${ei}`);
            if (why)
              out.push({
                ref: x.o?.ref ?? `${l.name} entry ${ei + 1}`,
                label: x.o?.label ?? `${x.e.address} in ${l.name}`,
                reason: `Rampart refuses it: ${why}`,
              });
            return !why;
          }),
        };
      })
      .filter((l): l is NonNullable<typeof l> => l !== null);
  }
  throw new Error("decompiled content could not be made valid");
}
