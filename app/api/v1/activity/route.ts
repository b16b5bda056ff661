import { apiHandler } from "@/lib/api/operation";
import { listActivityOp } from "@/lib/api/operations/rule-sets";
import { listActivity } from "@/lib/rulesets/list-activity";

export const GET = apiHandler(listActivityOp, async ({ query }) => {
  const page = await listActivity(query);
  return { ...page, items: page.items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })) };
});
