import type { ChainRowView, ResultingChainView } from "@/lib/push/schemas";

const ORIGIN: Record<ChainRowView["origin"], string> = {
  rampart: "Rampart",
  router: "router's own",
  "built-in": "built-in",
};
const VERDICT_CLS: Record<ChainRowView["verdict"], string> = {
  accept: "text-emerald-700",
  drop: "text-red-700",
  reject: "text-red-700",
  continue: "text-slate-500",
  other: "text-amber-700",
};

/**
 * The router's filter chains as they will be after the push, rows in the router's order: Rampart's rules among
 * the router's own and built-in ones. Rows that cannot be evaluated say why; rows one side makes unreachable for
 * the other are flagged. Collapsed by default: long chains are read on demand.
 */
export function ResultingChain({ chain }: { chain: ResultingChainView }) {
  const groups = new Map<string, ChainRowView[]>();
  for (const r of chain.rows) {
    const k = `${r.family} ${r.chain}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return (
    <details className="text-xs" data-testid="resulting-chain" open={chain.unreachableCount > 0}>
      <summary className="cursor-pointer text-slate-700">
        The router&apos;s rules after this push ({chain.rows.length} row{chain.rows.length === 1 ? "" : "s"}
        {chain.unevaluableCount ? `, ${chain.unevaluableCount} Rampart cannot evaluate` : ""}
        {chain.unreachableCount ? `, ${chain.unreachableCount} never reached` : ""})
      </summary>
      {[...groups].map(([k, rows]) => {
        const policy = chain.policies.find((p) => `${p.family} ${p.chain}` === k);
        return (
          <div key={k} className="mt-2">
            <p className="font-semibold text-slate-700">
              {k} <span className="font-normal text-slate-500">(no match: {policy?.verdict ?? "unknown"})</span>
            </p>
            <ol className="divide-y divide-slate-100 rounded border border-slate-200">
              {rows.map((r) => (
                <li
                  key={r.position}
                  className="px-2 py-1"
                  data-testid="chain-row"
                  data-origin={r.origin}
                  data-unreachable={r.unreachable ? "true" : undefined}
                >
                  <span className="mr-2 inline-block w-8 text-right text-slate-500">#{r.position}</span>
                  <span className="mr-2 inline-block w-24 text-slate-500">
                    {ORIGIN[r.origin]}
                    {r.ruleNumber ? ` #${r.ruleNumber}` : ""}
                  </span>
                  <span className={`mr-2 font-semibold ${VERDICT_CLS[r.verdict]}`}>{r.verdict}</span>
                  <span>{r.label}</span>
                  {r.unevaluable ? <p className="ml-36 text-amber-800">Cannot be evaluated: {r.unevaluable}</p> : null}
                  {r.unreachable ? (
                    <p className="ml-36 text-red-800" role="note">
                      Never reached: {r.unreachable.replace(/^never reached: /, "")}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </details>
  );
}
