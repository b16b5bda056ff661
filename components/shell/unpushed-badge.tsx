import Link from "next/link";

/** The shell's reminder that saved rules are not on the routers yet; nothing when every router runs its head. */
export function UnpushedBadge({ count, dark = true }: { count: number; dark?: boolean }) {
  if (count === 0) return null;
  return (
    <Link
      href="/rule-sets"
      data-testid="unpushed-badge"
      title="Rule sets whose latest revision some of their routers do not run yet"
      className={`inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium ${dark ? "bg-amber-400 text-slate-900 hover:bg-amber-300" : "bg-amber-100 text-amber-900"}`}
    >
      <span aria-hidden="true">↑</span>
      {count === 1 ? "1 rule set unpushed" : `${count} rule sets unpushed`}
    </Link>
  );
}
