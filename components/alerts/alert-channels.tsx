"use client";

import { useState } from "react";
import { apiCall } from "@/components/push/api-fetch";
import { onSubmit } from "./on-submit";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, TextInput } from "@/components/ui/field";
import { Badge } from "@/components/ui/page";
import { alertTypeLabels, type AlertSettings, type ChannelView, type SendResult } from "@/lib/alerts/types";
import type { AlertTargets } from "@/lib/alerts/targets";
import { ChannelForm } from "./channel-form";

/** Settings → Alerts: the channels, each with "Send test" and its answer beside it, and the throttle. */
export function AlertChannels({
  initial,
  settings,
  targets,
}: {
  initial: ChannelView[];
  settings: AlertSettings;
  targets: AlertTargets;
}) {
  const [channels, setChannels] = useState(initial);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(initial.length === 0);
  const saved = (c: ChannelView) => {
    setChannels((all) => [...all.filter((x) => x.id !== c.id), c].sort((a, b) => a.name.localeCompare(b.name)));
    setEditing(null);
    setAdding(false);
  };
  return (
    <div className="space-y-4" data-testid="alert-channels">
      {channels.length === 0 ? (
        <p className="text-sm text-slate-500">No channels yet: alerts are recorded in the history but sent nowhere.</p>
      ) : null}
      <ul className="space-y-3">
        {channels.map((c) =>
          editing === c.id ? (
            <li key={c.id} className="rounded-md border border-slate-200 p-3">
              <ChannelForm editing={c} targets={targets} onSaved={saved} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <ChannelRow
              key={c.id}
              channel={c}
              routing={routingText(c, targets)}
              onEdit={() => setEditing(c.id)}
              onDeleted={() => setChannels((all) => all.filter((x) => x.id !== c.id))}
            />
          ),
        )}
      </ul>
      {adding ? (
        <div className="rounded-md border border-slate-200 p-3">
          <h3 className="mb-2 text-sm font-medium">New channel</h3>
          <ChannelForm
            targets={targets}
            onSaved={saved}
            onCancel={channels.length ? () => setAdding(false) : undefined}
          />
        </div>
      ) : (
        <Button size="sm" variant="secondary" onClick={() => setAdding(true)}>
          Add a channel
        </Button>
      )}
      <ThrottleForm current={settings} />
    </div>
  );
}

/** "Every router", or the sites and routers the channel is routed to, by name. */
function routingText(c: ChannelView, targets: AlertTargets): string {
  if (c.sites.length === 0 && c.routerIds.length === 0) return "Every router";
  const names = new Map(targets.routers.map((r) => [r.id, r.name]));
  const parts = [
    ...c.sites.map((s) => `site ${s}`),
    ...c.routerIds.map((id) => `router ${names.get(id) ?? "(removed)"}`),
  ];
  return `Only ${parts.join(", ")}`;
}

function ChannelRow({
  channel: c,
  routing,
  onEdit,
  onDeleted,
}: {
  channel: ChannelView;
  routing: string;
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const target =
    c.kind === "webhook"
      ? (c.config as { url: string }).url
      : `${(c.config as { to: string[] }).to.join(", ")} via ${(c.config as { host: string }).host}`;
  async function test() {
    setTesting(true);
    setResult(null);
    const r = await apiCall<SendResult>("POST", `/api/v1/alerts/channels/${c.id}/test`);
    setTesting(false);
    if (!r.ok) return setResult({ ok: false, text: r.message });
    setResult(
      r.data.ok
        ? { ok: true, text: `Delivered: ${r.data.result ?? "accepted"}` }
        : { ok: false, text: `Not delivered: ${r.data.error ?? "unknown error"}` },
    );
  }
  async function remove() {
    if (!confirm(`Remove channel '${c.name}'? Its pending alerts are not sent.`)) return;
    const r = await apiCall<null>("DELETE", `/api/v1/alerts/channels/${c.id}`);
    if (r.ok) onDeleted();
    else setResult({ ok: false, text: r.message });
  }
  return (
    <li className="rounded-md border border-slate-200 p-3" data-testid={`channel-${c.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">
            {c.name} <Badge tone={c.enabled ? "green" : "gray"}>{c.enabled ? c.kind : `${c.kind}, off`}</Badge>
          </p>
          <p className="truncate text-xs text-slate-500" title={target}>
            {target}
          </p>
          <p className="text-xs text-slate-500">{c.events.map((e) => alertTypeLabels[e]).join(", ")}</p>
          <p className="text-xs text-slate-500" data-testid={`channel-routing-${c.name}`}>
            {routing}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={test} disabled={testing} aria-label={`Send test to ${c.name}`}>
            {testing ? "Sending…" : "Send test"}
          </Button>
          <Button size="sm" variant="ghost" onClick={onEdit}>
            Edit
          </Button>
          <Button size="sm" variant="ghost" onClick={remove}>
            Remove
          </Button>
        </div>
      </div>
      {result ? (
        <div className="mt-2" data-testid={`test-result-${c.name}`}>
          <FormMessage ok={result.ok} message={result.text} />
        </div>
      ) : null}
    </li>
  );
}

function ThrottleForm({ current }: { current: AlertSettings }) {
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(fd: FormData) {
    const raw = String(fd.get("throttleMinutes") ?? "");
    const r = await apiCall<AlertSettings>("PUT", "/api/v1/settings/alerts", {
      throttleMinutes: /^\d+$/.test(raw) ? Number(raw) : raw,
    });
    if (r.ok) {
      setError(undefined);
      setMessage({
        ok: true,
        text: r.data.throttleMinutes
          ? `Saved: the same alert for the same router at most once per ${r.data.throttleMinutes} min.`
          : "Saved: no throttling.",
      });
    } else {
      setError(r.issues.find((i) => i.path === "throttleMinutes")?.message ?? r.message);
      setMessage({ ok: false, text: r.message });
    }
  }
  return (
    <form onSubmit={onSubmit(submit)} className="space-y-2 border-t border-slate-100 pt-4" noValidate>
      <Field
        id="alert-throttle"
        label="Throttle (minutes)"
        error={error}
        hint="The same alert for the same router at most once per this many minutes; repeats are counted into the next one sent. 0: off."
      >
        <TextInput
          id="alert-throttle"
          name="throttleMinutes"
          inputMode="numeric"
          defaultValue={String(current.throttleMinutes)}
          error={error}
        />
      </Field>
      <Button type="submit" size="sm">
        Save throttle
      </Button>
      <FormMessage ok={message?.ok} message={message?.text} />
    </form>
  );
}
