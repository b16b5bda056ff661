"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { compactSelect } from "@/components/ui/field";
import type { AssignmentView } from "@/lib/push/assignments";
import { apiCall } from "./api-fetch";
import { pushHref } from "./push-href";
import { NamedOptions } from "@/components/ui/named-options";

/** Which rule set this router takes; operators change it here (nothing is pushed until someone pushes). */
export function AssignmentControl({
  routerId,
  assignment,
  ruleSets,
  canEdit,
}: {
  routerId: string;
  assignment: AssignmentView | null;
  ruleSets: { id: string; name: string }[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [choice, setChoice] = useState(assignment?.ruleSetId ?? "");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (method: "PUT" | "DELETE") => {
    setBusy(true);
    const r = await apiCall<{ assignment: AssignmentView | null }>(
      method,
      `/api/v1/routers/${routerId}/assignment`,
      method === "PUT" ? { ruleSetId: choice } : undefined,
    );
    setBusy(false);
    setMessage(
      r.ok
        ? {
            ok: true,
            text:
              method === "PUT"
                ? "Assigned. Push it from the rule set's Push page."
                : "Unassigned; the router keeps its rules.",
          }
        : { ok: false, text: r.message },
    );
    if (r.ok) router.refresh();
  };
  return (
    <div className="space-y-2 text-sm" data-testid="assignment-control">
      <p>
        {assignment ? (
          <>
            Takes rule set{" "}
            <Link href={`/rule-sets/${assignment.ruleSetId}`} className="font-medium text-sky-700 hover:underline">
              {assignment.ruleSetName}
            </Link>
            {" · "}
            <span data-testid="last-pushed">
              {assignment.lastPushedRevision
                ? `last pushed #${assignment.lastPushedRevision} of #${assignment.headRevision}`
                : "never pushed"}
            </span>
            {" · "}
            <Link href={pushHref(assignment.ruleSetId, routerId)} className="text-sky-700 hover:underline">
              Push…
            </Link>
          </>
        ) : (
          <span className="text-slate-500">No rule set assigned: Rampart manages nothing on this router.</span>
        )}
      </p>
      {canEdit ? (
        <div className="flex flex-wrap items-center gap-2">
          <select
            aria-label="Rule set"
            className={compactSelect}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            disabled={busy}
          >
            <option value="">Choose a rule set…</option>
            <NamedOptions items={ruleSets} />
          </select>
          <Button
            size="sm"
            variant="secondary"
            disabled={busy || !choice || choice === assignment?.ruleSetId}
            onClick={() => run("PUT")}
          >
            Assign
          </Button>
          {assignment ? (
            <Button size="sm" variant="ghost" disabled={busy} onClick={() => run("DELETE")}>
              Unassign
            </Button>
          ) : null}
          {message ? (
            <span
              role={message.ok ? "status" : "alert"}
              className={`text-xs ${message.ok ? "text-emerald-700" : "text-red-600"}`}
            >
              {message.text}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
