"use client";

import { ErrorPanel } from "@/components/shell/error-panel";

// Keeps the navigation around a page that failed (a corrupt row, a database fault) instead of Next's bare page.
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} retry={retry} />;
}
