"use client";

import { Button } from "@/components/ui/button";

/**
 * What a page shows when it failed unexpectedly. A server error's message is never shown (it may name internals);
 * its digest is, so an admin can find the matching line in the server log.
 */
export function ErrorPanel({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    typeof error === "object" && error !== null && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : null;
  return (
    <div
      role="alert"
      data-testid="error-panel"
      className="rounded-lg border border-red-200 bg-white px-6 py-10 text-center"
    >
      <p className="font-medium text-slate-800">This page could not be shown</p>
      <p className="mx-auto mt-1 max-w-prose text-sm text-slate-500">
        Something unexpected went wrong on the server. Nothing you typed was sent.
        {digest ? (
          <>
            {" "}
            Reference for the server log: <code className="font-mono text-slate-700">{digest}</code>.
          </>
        ) : null}
      </p>
      <Button className="mt-4" variant="secondary" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
