"use client";

export type EditorTab = "rules" | "address-lists" | "nat";

/** Rules | Address lists | NAT, with counts; the tab is kept in the URL (?tab=) so a reload lands on it. */
export function EditorTabs({
  tab,
  setTab,
  ruleCount,
  listCount,
  natCount,
}: {
  tab: EditorTab;
  setTab: (t: EditorTab) => void;
  ruleCount: number;
  listCount: number;
  natCount: number;
}) {
  const item = (id: EditorTab, label: string, count: number) => (
    <button
      type="button"
      role="tab"
      aria-selected={tab === id}
      onClick={() => {
        setTab(id);
        const url = new URL(window.location.href);
        if (id === "rules") url.searchParams.delete("tab");
        else url.searchParams.set("tab", id);
        window.history.replaceState(window.history.state, "", url);
      }}
      className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab === id ? "border-slate-900 font-medium text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
    >
      {label} <span className="ml-1 rounded bg-slate-100 px-1.5 text-xs text-slate-600">{count}</span>
    </button>
  );
  return (
    <div role="tablist" className="flex gap-2 border-b border-slate-200">
      {item("rules", "Rules", ruleCount)}
      {item("address-lists", "Address lists", listCount)}
      {item("nat", "NAT", natCount)}
    </div>
  );
}
