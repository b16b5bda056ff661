import { ApiError } from "@/lib/api/errors";
import { apiHandler } from "@/lib/api/operation";
import { listAddressListsOp } from "@/lib/api/operations/rule-sets";
import { getRuleSet } from "@/lib/rulesets/get-rule-set";

export const GET = apiHandler(listAddressListsOp, async ({ params }) => {
  const set = await getRuleSet(params.id);
  if (!set) throw new ApiError("not_found", "No rule set with that id.");
  // From the same snapshot as the lists, so usedBy always matches headRevision.
  const usedBy = (name: string) =>
    set.content.rules.flatMap((rule, position) =>
      (["src", "dst"] as const).flatMap((side) => {
        const m = rule[side];
        return m.kind === "list" && m.list === name ? [{ ruleId: rule.id, position, side, comment: rule.comment }] : [];
      }),
    );
  return {
    headRevision: set.headRevision,
    addressLists: set.content.addressLists.map((l) => ({ ...l, usedBy: usedBy(l.name) })),
  };
});
