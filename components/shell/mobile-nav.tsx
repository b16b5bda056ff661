"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { NavLinks } from "@/components/shell/nav-links";
import type { NavItem } from "@/lib/navigation";

/**
 * Below `md` the sidebar would take the whole phone screen, so it folds into a top bar with a menu button.
 * The panel closes on Escape (focus goes back to the button) and on navigation, so a tapped link shows its page.
 */
export function MobileNav({
  items,
  footer,
  badge,
}: {
  items: NavItem[];
  footer: React.ReactNode;
  /** Shown in the top bar beside the menu button (the unpushed-changes reminder). */
  badge?: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const path = usePathname();

  // Navigation closes the menu; the effect runs only when the path changes.
  const [lastPath, setLastPath] = useState(path);
  if (lastPath !== path) {
    setLastPath(path);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <div className="bg-slate-900 md:hidden" data-testid="mobile-nav">
      <div className="flex items-center justify-between px-4 py-2">
        <div className="text-base font-semibold tracking-tight text-white">Rampart</div>
        <span className="ml-auto mr-2">{badge}</span>
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls="mobile-menu"
          onClick={() => setOpen((o) => !o)}
          className="rounded-md px-3 py-1.5 text-sm text-slate-200 hover:bg-slate-800 focus-visible:outline-2 focus-visible:outline-white"
        >
          Menu
        </button>
      </div>
      <div id="mobile-menu" hidden={!open} className="border-t border-slate-800 px-3 pb-3 pt-2">
        <NavLinks items={items} />
        <div className="mt-3 border-t border-slate-800 px-3 pt-3 text-xs text-slate-400">{footer}</div>
      </div>
    </div>
  );
}
