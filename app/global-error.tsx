"use client";

import "./globals.css";
import { ErrorPanel } from "@/components/shell/error-panel";

// Replaces the root layout when the layout itself failed, so it brings its own <html> and <body>.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 p-8 font-sans text-sm">
        <ErrorPanel error={error} retry={retry} />
      </body>
    </html>
  );
}
