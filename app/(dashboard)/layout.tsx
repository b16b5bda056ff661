import { logoutAction } from "@/app/(auth)/actions";
import { MobileNav } from "@/components/shell/mobile-nav";
import { NavLinks } from "@/components/shell/nav-links";
import { UnpushedBadge } from "@/components/shell/unpushed-badge";
import { requirePageUser } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/roles";
import { mainNav } from "@/lib/navigation";
import { unpushedRuleSets } from "@/lib/rulesets/unpushed";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const items = mainNav.filter((i) => roleAllows(user.role, i.minRole));
  const unpushed = await unpushedRuleSets();
  const signOut = (
    <form action={logoutAction}>
      <button type="submit" className="text-slate-300 underline-offset-2 hover:text-white hover:underline">
        Sign out
      </button>
    </form>
  );
  return (
    <div className="min-h-screen md:flex">
      {/* The first thing Tab reaches: past the navigation to the page itself. */}
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-sky-800 shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <MobileNav
        items={items}
        badge={<UnpushedBadge count={unpushed.count} />}
        footer={
          <>
            <span className="text-slate-200">{user.username}</span> · {user.role}
            <div className="mt-2">{signOut}</div>
          </>
        }
      />
      <aside className="hidden w-52 shrink-0 flex-col bg-slate-900 px-3 py-4 md:flex">
        <div className="mb-5 px-3">
          <div className="text-base font-semibold tracking-tight text-white">Rampart</div>
          <div className="text-[11px] text-slate-400">firewall control</div>
        </div>
        {unpushed.count > 0 ? (
          <div className="mb-3 px-1">
            <UnpushedBadge count={unpushed.count} />
          </div>
        ) : null}
        <NavLinks items={items} />
        <div className="mt-auto border-t border-slate-800 px-3 pt-3 text-xs text-slate-400">
          <div className="truncate text-slate-200" data-testid="current-user">
            {user.username}
          </div>
          <div className="mb-2">{user.role}</div>
          {signOut}
        </div>
      </aside>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-4 focus:outline-none md:px-8 md:py-6">
        {children}
      </main>
    </div>
  );
}
