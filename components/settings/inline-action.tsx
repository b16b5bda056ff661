"use client";

import { useActionState, type ReactNode } from "react";
import type { FormState } from "@/lib/auth/action";

/** A one-button form posting hidden fields to a server action, with its result shown beside it. */
export function InlineAction({
  action,
  fields,
  children,
  confirm,
  after,
}: {
  action: (prev: FormState, fd: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  children: ReactNode;
  confirm?: string;
  /** Shown once the action succeeded: the natural next step (after a revert, "Preview push"). */
  after?: ReactNode;
}) {
  const [state, run, pending] = useActionState(action, null);
  return (
    <form
      action={run}
      className="inline-flex flex-wrap items-center justify-end gap-2"
      onSubmit={(ev) => {
        if (confirm && !window.confirm(confirm)) ev.preventDefault();
      }}
    >
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <fieldset disabled={pending} className="contents">
        {children}
      </fieldset>
      {state?.message ? (
        <span
          role={state.ok ? "status" : "alert"}
          className={`text-xs ${state.ok ? "text-emerald-700" : "text-red-600"}`}
        >
          {state.message}
        </span>
      ) : null}
      {state?.ok && after ? after : null}
    </form>
  );
}
