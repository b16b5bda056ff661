import { db } from "@/lib/db/client";
import { ruleSchema } from "@/lib/rules/schema";

export type ListUse = { ruleId: string; position: number; side: "src" | "dst"; comment: string };

/** Rules of the head revision that refer to an address list, by position (0-based), read from the working copy. */
export async function whereUsed(ruleSetId: string, listName: string): Promise<ListUse[]> {
  const rows = await db.rule.findMany({ where: { ruleSetId }, orderBy: { position: "asc" }, select: { position: true, data: true, ruleId: true } });
  return rows.flatMap((row) => {
    const rule = ruleSchema.parse(JSON.parse(row.data));
    return (["src", "dst"] as const).flatMap((side): ListUse[] => {
      const m = rule[side];
      return m.kind === "list" && m.list === listName ? [{ ruleId: row.ruleId, position: row.position, side, comment: rule.comment }] : [];
    });
  });
}
