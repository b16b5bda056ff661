import { ruleSetContentSchema, type AddressList } from "@/lib/rules/schema";

/** Messages per list index, keyed by the path inside the list ("name", "entries.2.address"), from the schema. */
export function checkLists(lists: AddressList[]): Map<number, Record<string, string>> {
  const out = new Map<number, Record<string, string>>();
  const parsed = ruleSetContentSchema.safeParse({ rules: [], addressLists: lists });
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    if (issue.path[0] !== "addressLists" || typeof issue.path[1] !== "number") continue;
    const byPath = out.get(issue.path[1]) ?? {};
    byPath[issue.path.slice(2).map(String).join(".")] ??= issue.message;
    out.set(issue.path[1], byPath);
  }
  return out;
}
