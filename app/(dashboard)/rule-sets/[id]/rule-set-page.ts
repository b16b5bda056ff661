import type { z } from "zod";
import { requirePageUser } from "@/lib/auth/guard";

/** What Next hands each page under /rule-sets/[id]. */
export type RuleSetPageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The start every rule-set page makes: the signed-in user (or the redirect to sign in), the rule set's id, and
 * the query read by the page's own schema (each catches bad values, so a hand-edited URL still opens the page).
 */
export async function openRuleSetPage<Q extends z.ZodType>({ params, searchParams }: RuleSetPageProps, query: Q) {
  const user = await requirePageUser();
  const { id } = await params;
  return { user, id, q: query.parse(await searchParams) as z.infer<Q> };
}
