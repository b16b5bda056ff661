/** The push page of a rule set, with one router preselected when the link comes from that router. */
export function pushHref(ruleSetId: string, routerId?: string | null): string {
  const base = `/rule-sets/${encodeURIComponent(ruleSetId)}/push`;
  return routerId ? `${base}?${new URLSearchParams({ router: routerId })}` : base;
}
