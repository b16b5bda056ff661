"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { RevisionFindings } from "@/components/rule-analysis/revision-findings";
import { Button } from "@/components/ui/button";
import { compactSelect } from "@/components/ui/field";
import { Badge } from "@/components/ui/page";
import type { AssignmentView } from "@/lib/push/assignments";
import { PREVIEW_BATCH_SIZE, PREVIEW_REQUESTS_AT_ONCE } from "@/lib/push/preview-pace";
import type { PreviewSummaryView as PreviewView } from "@/lib/push/plan-summary";
import { apiCall } from "./api-fetch";
import { BatchProgress } from "./batch-progress";
import { PlanView } from "./plan-view";
import { ResultingChain } from "./resulting-chain-view";
import { NamedOptions } from "@/components/ui/named-options";

type PreviewState =
  | { state: "loading" }
  | { state: "ok"; preview: PreviewView }
  | { state: "error"; message: string; issues: { path: string; message: string }[] };

/**
 * Push a revision: every router is previewed against its live firewall first, and the push sends exactly
 * those previews. Options and overrides are checked again on the server (overrides need admin).
 */
export function PushPanel({
  ruleSetId,
  revisions,
  assignments,
  unassigned,
  role,
  activeBatchId,
  blockOnConflicts = false,
  preselect = null,
}: {
  ruleSetId: string;
  revisions: { number: number; message: string }[];
  assignments: AssignmentView[];
  unassigned: { id: string; name: string }[];
  role: "viewer" | "operator" | "admin";
  activeBatchId: string | null;
  /** The admin setting that makes the server refuse revisions with conflicts; shown beside the findings. */
  blockOnConflicts?: boolean;
  /**
   * Opened for one router (`?router=`): only it is selected, or offered for assignment when it does not take
   * this rule set yet; routerId null (unknown) selects nothing. Without it every assigned router is selected.
   */
  preselect?: { routerId: string | null } | null;
}) {
  const router = useRouter();
  const canPush = role !== "viewer";
  const isAdmin = role === "admin";
  const [revision, setRevision] = useState(revisions[0]?.number ?? 0);
  const [selected, setSelected] = useState<Set<string>>(
    () =>
      new Set(
        preselect
          ? assignments.filter((a) => a.routerId === preselect.routerId).map((a) => a.routerId)
          : assignments.map((a) => a.routerId),
      ),
  );
  const [previews, setPreviews] = useState<Record<string, PreviewState>>({});
  const [open, setOpen] = useState<string | null>(null);
  const [canary, setCanary] = useState(0);
  const [stopOnFailure, setStopOnFailure] = useState(true);
  const [revertSeconds, setRevertSeconds] = useState(60);
  const [overrideLockout, setOverrideLockout] = useState(false);
  const [overrideNoTimer, setOverrideNoTimer] = useState(false);
  const [overrideStaged, setOverrideStaged] = useState(false);
  const [batchId, setBatchId] = useState<string | null>(activeBatchId);
  const [pushError, setPushError] = useState<{ message: string; issues: { path: string; message: string }[] } | null>(
    null,
  );
  const [pushing, setPushing] = useState(false);
  const [assignChoice, setAssignChoice] = useState(
    () => unassigned.find((r) => r.id === preselect?.routerId)?.id ?? "",
  );
  const [assignMessage, setAssignMessage] = useState<string | null>(null);

  const chosen = assignments.filter((a) => selected.has(a.routerId));
  const previewing = chosen.filter((a) => previews[a.routerId]?.state === "loading").length;
  const ready = chosen.length > 0 && chosen.every((a) => previews[a.routerId]?.state === "ok");
  const blocked = chosen.filter((a) => {
    const p = previews[a.routerId];
    return p?.state === "ok" && p.preview.lockout.blockedBy;
  });

  const previewOne = async (routerId: string) => {
    setPreviews((p) => ({ ...p, [routerId]: { state: "loading" } }));
    const r = await apiCall<PreviewView>("POST", `/api/v1/rule-sets/${ruleSetId}/previews`, { routerId, revision });
    setPreviews((p) => ({
      ...p,
      [routerId]: r.ok ? { state: "ok", preview: r.data } : { state: "error", message: r.message, issues: r.issues },
    }));
  };
  /** Batches of routers, a few requests at once (lib/push/preview-pace.ts); each router's row fills as its batch returns. */
  const previewAll = async () => {
    setPushError(null);
    const ids = chosen.map((a) => a.routerId);
    setPreviews((p) => ({ ...p, ...Object.fromEntries(ids.map((id) => [id, { state: "loading" } as const])) }));
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += PREVIEW_BATCH_SIZE) batches.push(ids.slice(i, i + PREVIEW_BATCH_SIZE));
    const worker = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        const routerIds = batch;
        const r = await apiCall<{
          results: {
            routerId: string;
            preview?: PreviewView;
            error?: { message: string; issues?: { path: string; message: string }[] };
          }[];
        }>("POST", `/api/v1/rule-sets/${ruleSetId}/previews/batch`, { routerIds, revision });
        const next: Record<string, PreviewState> = {};
        if (r.ok) {
          for (const x of r.data.results)
            next[x.routerId] = x.preview
              ? { state: "ok", preview: x.preview }
              : { state: "error", message: x.error?.message ?? "no preview", issues: x.error?.issues ?? [] };
        } else for (const id of routerIds) next[id] = { state: "error", message: r.message, issues: r.issues };
        setPreviews((p) => ({ ...p, ...next }));
      }
    };
    await Promise.all(Array.from({ length: PREVIEW_REQUESTS_AT_ONCE }, worker));
  };
  const changeRevision = (n: number) => {
    setRevision(n);
    setPreviews({});
  };
  const push = async () => {
    setPushing(true);
    setPushError(null);
    const previewIds = chosen
      .map((a) => previews[a.routerId])
      .flatMap((p) => (p?.state === "ok" ? [p.preview.id] : []));
    const r = await apiCall<{ batchId: string }>("POST", `/api/v1/rule-sets/${ruleSetId}/push`, {
      revision,
      routers: chosen.map((a) => a.routerId),
      previewIds,
      canary,
      stopOnFailure,
      revertSeconds,
      override: {
        lockout: isAdmin && overrideLockout,
        noTimer: isAdmin && overrideNoTimer,
        staged: isAdmin && overrideStaged,
      },
    });
    setPushing(false);
    if (r.ok) {
      setBatchId(r.data.batchId);
      setPreviews({});
    } else setPushError({ message: r.message, issues: r.issues });
  };
  const assign = async (routerId: string, method: "PUT" | "DELETE") => {
    const r = await apiCall(
      "PUT" === method ? "PUT" : "DELETE",
      `/api/v1/routers/${routerId}/assignment`,
      method === "PUT" ? { ruleSetId } : undefined,
    );
    setAssignMessage(r.ok ? null : r.message);
    if (r.ok) {
      setAssignChoice("");
      if (method === "PUT") setSelected((s) => new Set(s).add(routerId));
      router.refresh();
    }
  };

  if (revisions.length === 0)
    return <p className="text-sm text-slate-500">This rule set has no saved revision yet; save it first.</p>;

  return (
    <div className="space-y-5" data-testid="push-panel">
      <section className="space-y-2">
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label className="flex items-center gap-2">
            <span className="text-xs font-medium text-slate-700">Revision</span>
            <select
              className={compactSelect}
              value={revision}
              onChange={(e) => changeRevision(Number(e.target.value))}
              aria-label="Revision"
            >
              {revisions.map((r, i) => (
                <option key={r.number} value={r.number}>
                  #{r.number}
                  {i === 0 ? " (latest)" : ""}
                  {r.message ? ` — ${r.message.slice(0, 60)}` : ""}
                </option>
              ))}
            </select>
          </label>
          {canPush ? (
            <Button variant="secondary" size="sm" onClick={previewAll} disabled={chosen.length === 0 || previewing > 0}>
              {previewing
                ? `Previewing ${chosen.length - previewing}/${chosen.length}…`
                : `Preview ${chosen.length} router${chosen.length === 1 ? "" : "s"}`}
            </Button>
          ) : null}
        </div>

        <RevisionFindings ruleSetId={ruleSetId} revision={revision} blockOnConflicts={blockOnConflicts} />

        <ul
          className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white"
          data-testid="push-routers"
        >
          {assignments.map((a) => {
            const p = previews[a.routerId];
            return (
              <li key={a.routerId} className="px-3 py-2" data-testid="push-router" data-router={a.routerName}>
                <div className="flex flex-wrap items-center gap-3 text-sm">
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={selected.has(a.routerId)}
                      disabled={!canPush}
                      onChange={(e) =>
                        setSelected((s) => {
                          const n = new Set(s);
                          if (e.target.checked) n.add(a.routerId);
                          else n.delete(a.routerId);
                          return n;
                        })
                      }
                    />
                    <span className="font-medium">{a.routerName}</span>
                  </label>
                  <span className="text-xs text-slate-500">
                    {a.lastPushedRevision ? `has #${a.lastPushedRevision}` : "never pushed"}
                  </span>
                  {p?.state === "loading" ? (
                    <span className="text-xs text-slate-600" aria-live="polite">
                      reading the router…
                    </span>
                  ) : null}
                  {p?.state === "ok" ? (
                    <>
                      {p.preview.inSync ? (
                        <Badge tone="green">in sync</Badge>
                      ) : (
                        <Badge tone="blue">
                          {p.preview.plan.opsTotal} op{p.preview.plan.opsTotal === 1 ? "" : "s"}
                        </Badge>
                      )}
                      {p.preview.lockout.blockedBy ? <Badge tone="red">would cut Rampart off</Badge> : null}
                      <button
                        type="button"
                        className="text-xs text-sky-700 hover:underline"
                        onClick={() => setOpen(open === a.routerId ? null : a.routerId)}
                      >
                        {open === a.routerId ? "Hide preview" : "Show preview"}
                      </button>
                    </>
                  ) : null}
                  {p?.state === "error" ? (
                    <span role="alert" className="text-xs text-red-700" data-testid="preview-error">
                      {p.message}
                    </span>
                  ) : null}
                  <span className="ml-auto flex items-center gap-2">
                    {canPush ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => previewOne(a.routerId)}
                        disabled={p?.state === "loading"}
                      >
                        Preview
                      </Button>
                    ) : null}
                    {canPush ? (
                      <Button size="sm" variant="ghost" onClick={() => assign(a.routerId, "DELETE")}>
                        Unassign
                      </Button>
                    ) : null}
                  </span>
                </div>
                {p?.state === "error" && p.issues.length ? (
                  <ul className="ml-6 mt-1 list-disc text-xs text-red-700">
                    {p.issues.map((i, k) => (
                      <li key={k}>
                        <span className="font-mono">{i.path}</span>: {i.message}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {p?.state === "ok" && (open === a.routerId || p.preview.lockout.blockedBy) ? (
                  <PreviewDetail preview={p.preview} />
                ) : null}
              </li>
            );
          })}
          {assignments.length === 0 ? (
            <li className="px-3 py-3 text-sm text-slate-500">No router takes this rule set yet. Assign one below.</li>
          ) : null}
        </ul>
        {canPush && unassigned.length ? (
          <div className="flex items-center gap-2 text-sm">
            <select
              aria-label="Router to assign"
              className={compactSelect}
              value={assignChoice}
              onChange={(e) => setAssignChoice(e.target.value)}
            >
              <option value="">Assign another router…</option>
              <NamedOptions items={unassigned} />
            </select>
            <Button size="sm" variant="secondary" disabled={!assignChoice} onClick={() => assign(assignChoice, "PUT")}>
              Assign
            </Button>
            {assignMessage ? (
              <span role="alert" className="text-xs text-red-600">
                {assignMessage}
              </span>
            ) : null}
          </div>
        ) : null}
      </section>

      {canPush ? (
        <section className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
          <div className="flex flex-wrap items-center gap-x-5 gap-y-2">
            <label className="flex items-center gap-2">
              Revert window
              <input
                type="number"
                min={15}
                max={3600}
                value={revertSeconds}
                onChange={(e) => setRevertSeconds(Number(e.target.value))}
                className="w-20 rounded border border-slate-300 px-2 py-0.5"
                aria-label="Revert window in seconds"
              />
              s
            </label>
            <label className="flex items-center gap-2">
              Canary: first
              <input
                type="number"
                min={0}
                max={Math.max(0, chosen.length - 1)}
                value={canary}
                onChange={(e) => setCanary(Math.max(0, Number(e.target.value)))}
                className="w-16 rounded border border-slate-300 px-2 py-0.5"
                aria-label="Canary routers"
              />
              router(s), then wait
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={stopOnFailure} onChange={(e) => setStopOnFailure(e.target.checked)} />{" "}
              Stop on first failure
            </label>
          </div>
          <p className="text-xs text-slate-600">
            Each router arms a revert timer first: if Rampart cannot read the new rules back over a new connection
            within {revertSeconds} s, the router restores its previous firewall by itself. A failure rolls back at once.
          </p>
          {isAdmin ? (
            <fieldset className="space-y-1 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900">
              <legend className="px-1 font-medium">Admin overrides (recorded on every deployment)</legend>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={overrideLockout}
                  onChange={(e) => setOverrideLockout(e.target.checked)}
                  data-testid="override-lockout"
                />{" "}
                Push even where the rules would cut Rampart&apos;s own connection
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={overrideNoTimer}
                  onChange={(e) => setOverrideNoTimer(e.target.checked)}
                />{" "}
                Push without a revert timer (unchecked; nothing restores the router if it becomes unreachable)
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={overrideStaged}
                  onChange={(e) => setOverrideStaged(e.target.checked)}
                  data-testid="override-staged"
                />{" "}
                Push even where someone staged uncommitted firewall changes on the router (they are discarded)
              </label>
            </fieldset>
          ) : null}
          {blocked.length && !(isAdmin && overrideLockout) ? (
            <p role="alert" className="text-xs text-red-700">
              {blocked.map((a) => a.routerName).join(", ")}: the new rules would drop Rampart&apos;s own management
              connection (see the preview). Change the rules{isAdmin ? " or override" : ", or ask an admin to override"}
              .
            </p>
          ) : null}
          <div className="flex items-center gap-3">
            <Button
              className="shrink-0"
              onClick={push}
              disabled={!ready || pushing || (blocked.length > 0 && !(isAdmin && overrideLockout))}
              data-testid="push-button"
            >
              {pushing ? "Starting…" : `Push #${revision} to ${chosen.length} router${chosen.length === 1 ? "" : "s"}`}
            </Button>
            {!ready && chosen.length ? (
              <span className="text-xs text-slate-600">
                Preview every selected router first; the push sends exactly those previews.
              </span>
            ) : null}
          </div>
          {pushError ? (
            <div role="alert" className="rounded bg-red-50 px-3 py-2 text-xs text-red-700" data-testid="push-error">
              <p>{pushError.message}</p>
              {pushError.issues.length > 1 ? (
                <ul className="ml-4 list-disc">
                  {pushError.issues.map((i, k) => (
                    <li key={k}>{i.message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : (
        <p className="text-sm text-slate-500">Pushing needs the operator role.</p>
      )}

      {batchId ? (
        <section className="space-y-2">
          <h2 className="text-sm font-semibold text-slate-800">Progress</h2>
          <BatchProgress key={batchId} batchId={batchId} canAct={canPush} onFinished={() => router.refresh()} />
        </section>
      ) : null}
    </div>
  );
}

function PreviewDetail({ preview }: { preview: PreviewView }) {
  const l = preview.lockout;
  return (
    <div className="mt-2 space-y-2 border-l-2 border-slate-200 pl-3" data-testid="preview-detail">
      {l.blockedBy ? (
        <p role="alert" className="rounded bg-red-50 px-2 py-1 text-xs text-red-800" data-testid="lockout-warning">
          {l.blockedBy.name || `Rule ${l.blockedBy.ruleIndex + 1} (${l.blockedBy.description})`} would{" "}
          {l.blockedBy.action} Rampart&apos;s own connection from {l.path?.src} to {l.path?.dst} port {l.path?.dstPort}.
        </p>
      ) : !l.checked ? (
        <p className="text-xs text-amber-800">Management path not checked: {l.reason}</p>
      ) : l.undecided.length > 0 ? (
        <div className="text-xs text-amber-800" data-testid="lockout-undecided">
          <p>
            Management path {l.path?.src} → {l.path?.dst}:{l.path?.dstPort}: unknown. These rules might drop it and
            cannot be evaluated:
          </p>
          <ul className="ml-4 list-disc">
            {l.undecided.map((u, i) => (
              <li key={i}>
                {u.name}: {u.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-xs text-slate-600">
          Management path {l.path?.src} → {l.path?.dst}:{l.path?.dstPort} stays open
          {l.wholeChain ? "" : " as far as Rampart's own rules go (the router's own rules were not evaluated)"}.
        </p>
      )}
      {l.warnings.map((w, i) => (
        <p key={i} className="text-xs text-amber-800">
          {w}
        </p>
      ))}
      {preview.staged.length ? (
        <div role="alert" className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900" data-testid="staged-warning">
          <p>
            Someone staged {preview.staged.length} uncommitted firewall change{preview.staged.length === 1 ? "" : "s"}{" "}
            on this router. The push is refused unless an admin overrides, and then they are discarded:
          </p>
          <ul className="ml-4 list-disc font-mono">
            {preview.staged.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <PlanView key={preview.plan.hash} plan={preview.plan} />
      {preview.chain ? <ResultingChain chain={preview.chain} /> : null}
    </div>
  );
}
