import type { RuleHitsView } from "@/lib/hits/schemas";
import { hitText } from "./hit-format";

const tone: Record<RuleHitsView["state"], string> = {
  used: "bg-emerald-50 text-emerald-800",
  unused: "bg-amber-100 text-amber-900",
  quiet: "bg-slate-100 text-slate-600",
  unknown: "bg-slate-50 text-slate-500",
};

/** A rule's hits across its routers, on its row in the editor. */
export function HitBadge({ hit, unusedDays }: { hit: RuleHitsView; unusedDays: number }) {
  const { short, full } = hitText(hit, unusedDays);
  return (
    <span
      className={`shrink-0 rounded px-1 text-xs whitespace-nowrap ${tone[hit.state]}`}
      title={full}
      aria-label={full}
      data-testid="rule-hits"
      data-state={hit.state}
    >
      {short}
    </span>
  );
}
