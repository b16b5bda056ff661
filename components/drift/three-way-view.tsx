import { RuleDiff } from "@/components/diff-view/rule-diff";
import { getThreeWay } from "@/lib/drift";
import { describeRule } from "@/lib/rules/describe";
import { describeNatRule } from "@/lib/rules/describe-nat";
import { natRulesOf } from "@/lib/rules/make-nat-rule";
import type { RuleSetContent } from "@/lib/rules/schema";

/** Intended / last pushed / live side by side, then what changed on the router and what a push would also bring. */
export async function ThreeWayView({ routerId }: { routerId: string }) {
  const t = await getThreeWay(routerId);
  if (!t.ok) return <p className="text-sm text-red-700">Three-way view unavailable: {t.message}</p>;
  const columns = [
    {
      key: "intended",
      title: "Intended",
      sub: t.intended?.label ?? "no rule set assigned",
      content: t.intended?.content ?? null,
    },
    {
      key: "pushed",
      title: "Last pushed",
      sub: t.lastPushed?.label ?? "never pushed",
      content: t.lastPushed?.content ?? null,
    },
    { key: "live", title: "Live", sub: t.live.label, content: t.live.content },
  ];
  const withNat = columns.some((c) => c.content && natRulesOf(c.content).length > 0);
  return (
    <div className="space-y-4" data-testid="three-way">
      <div className="grid gap-3 lg:grid-cols-3">
        {columns.map((c) => (
          <div key={c.key} className="rounded-md border border-slate-200" data-testid={`three-way-${c.key}`}>
            <div className="border-b border-slate-100 bg-slate-50 px-3 py-2">
              <div className="text-sm font-medium">{c.title}</div>
              <div className="text-xs text-slate-500">{c.sub}</div>
            </div>
            {c.content ? (
              <RuleList content={c.content} withNat={withNat} />
            ) : (
              <p className="px-3 py-2 text-sm text-slate-500">—</p>
            )}
          </div>
        ))}
      </div>
      {t.live.skipped.length ? (
        <div className="text-sm">
          <div className="font-medium text-amber-800">
            On the router but not representable ({t.live.skipped.length})
          </div>
          <ul className="list-disc pl-5 text-slate-700">
            {t.live.skipped.map((s) => (
              <li key={s.ref}>
                {s.label}: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {t.lastPushed && t.pushedToLive ? (
        <div>
          <h3 className="mb-1 text-sm font-medium">Last pushed → live (changed on the router)</h3>
          <RuleDiff diff={t.pushedToLive} before={t.lastPushed.content} after={t.live.content} />
        </div>
      ) : null}
      {t.lastPushed && t.intended && t.pushedToIntended && !t.pushedToIntended.summary.identical ? (
        <div>
          <h3 className="mb-1 text-sm font-medium">Last pushed → intended (not pushed yet)</h3>
          <RuleDiff diff={t.pushedToIntended} before={t.lastPushed.content} after={t.intended.content} />
        </div>
      ) : null}
    </div>
  );
}

/** A column's filter rules, then its NAT rules (when any column has some, so the three line up). */
function RuleList({ content, withNat }: { content: RuleSetContent; withNat: boolean }) {
  const nat = natRulesOf(content);
  return (
    <>
      {content.rules.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500">No rules.</p>
      ) : (
        <Numbered items={content.rules.map((r) => ({ ...r, text: describeRule(r) }))} />
      )}
      {withNat ? (
        <div data-testid="three-way-nat">
          <div className="border-t border-slate-100 bg-slate-50 px-3 py-1 text-xs font-medium text-slate-600">NAT</div>
          {nat.length === 0 ? (
            <p className="px-3 py-2 text-sm text-slate-500">No NAT rules.</p>
          ) : (
            <Numbered items={nat.map((n) => ({ ...n, text: describeNatRule(n) }))} />
          )}
        </div>
      ) : null}
    </>
  );
}

function Numbered({ items }: { items: { id: string; enabled: boolean; comment: string; text: string }[] }) {
  return (
    <ol className="divide-y divide-slate-100 text-xs">
      {items.map((r, i) => (
        <li key={r.id} className={`px-3 py-1.5 ${r.enabled ? "" : "opacity-50"}`}>
          <span className="mr-2 tabular-nums text-slate-400">{i + 1}</span>
          {r.text}
          {r.comment ? <span className="ml-1 text-slate-500">— {r.comment}</span> : null}
        </li>
      ))}
    </ol>
  );
}
