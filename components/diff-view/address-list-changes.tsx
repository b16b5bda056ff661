import type { AddressListDiff } from "@/lib/rules/diff-address-lists";

/** Address lists: added and removed lists, then entries added (+) and removed (−) per changed list. */
export function AddressListChanges({ lists }: { lists: AddressListDiff[] }) {
  return (
    <div data-testid="list-diff">
      <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-500">Address lists</h3>
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
        {lists.map((l) => (
          <li key={`${l.change}-${l.name}`} className="px-3 py-2">
            <div className="flex items-baseline gap-2">
              <span className="font-mono font-medium">{l.name}</span>
              <span
                className={`text-xs font-semibold uppercase ${l.change === "added" ? "text-emerald-700" : l.change === "removed" ? "text-red-700" : "text-amber-700"}`}
              >
                {l.change === "changed" ? "entries changed" : `list ${l.change}`}
              </span>
            </div>
            <div className="mt-1 flex flex-wrap gap-1.5 font-mono text-xs">
              {l.change === "changed" ? (
                <>
                  {l.entriesAdded.map((e) => (
                    <Entry key={`+${e.address}`} sign="+" text={e.address} comment={e.comment} />
                  ))}
                  {l.entriesRemoved.map((e) => (
                    <Entry key={`-${e.address}`} sign="−" text={e.address} comment={e.comment} />
                  ))}
                  {l.commentsChanged.map((c) => (
                    <span key={`~${c.address}`} className="rounded bg-amber-50 px-1.5 py-0.5 text-amber-900">
                      ~ {c.address}: <del>{c.old || "(no comment)"}</del> →{" "}
                      <ins className="no-underline">{c.new || "(no comment)"}</ins>
                    </span>
                  ))}
                </>
              ) : (
                l.entries.map((e) => (
                  <Entry key={e.address} sign={l.change === "added" ? "+" : "−"} text={e.address} comment={e.comment} />
                ))
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Entry({ sign, text, comment }: { sign: "+" | "−"; text: string; comment: string }) {
  const tone =
    sign === "+" ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800 line-through decoration-red-300";
  return (
    <span className={`rounded px-1.5 py-0.5 ${tone}`} title={comment || undefined}>
      {sign} {text}
    </span>
  );
}
