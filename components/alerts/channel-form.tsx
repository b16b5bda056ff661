"use client";

import { useState } from "react";
import { apiCall } from "@/components/push/api-fetch";
import { onSubmit } from "./on-submit";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Select, TextInput } from "@/components/ui/field";
import { ALERT_TYPES, alertTypeLabels, type ChannelView } from "@/lib/alerts/types";
import type { AlertTargets } from "@/lib/alerts/targets";
import { NamedOptions } from "@/components/ui/named-options";

type Issues = Record<string, string>;

/** Add (or change) a webhook or SMTP channel through the API; problems show at their fields. */
export function ChannelForm({
  editing,
  targets,
  onSaved,
  onCancel,
}: {
  editing?: ChannelView;
  targets: AlertTargets;
  onSaved: (c: ChannelView) => void;
  onCancel?: () => void;
}) {
  const [kind, setKind] = useState<"webhook" | "smtp">(editing?.kind ?? "webhook");
  const [issues, setIssues] = useState<Issues>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const prefix = editing ? `ch-${editing.id}` : "ch-new";
  const cfg = (editing?.config ?? {}) as Record<string, unknown>;

  async function submit(fd: FormData) {
    const events = ALERT_TYPES.filter((t) => fd.get(`event-${t}`) === "on");
    const secret = String(fd.get("secret") ?? "");
    const config =
      kind === "webhook"
        ? { url: String(fd.get("url") ?? "") }
        : {
            host: String(fd.get("host") ?? ""),
            port: Number(fd.get("port") ?? 0),
            security: String(fd.get("security") ?? "starttls"),
            username: String(fd.get("username") ?? ""),
            from: String(fd.get("from") ?? ""),
            to: String(fd.get("to") ?? "")
              .split(/[,\s]+/)
              .filter(Boolean),
          };
    const body = {
      kind,
      name: String(fd.get("name") ?? ""),
      events,
      sites: targets.sites.filter((s) => fd.get(`site-${s}`) === "on"),
      routerIds: fd.getAll("routerIds").map(String),
      enabled: fd.get("enabled") === "on",
      config,
      ...(secret ? { secret } : {}),
    };
    setPending(true);
    const r = editing
      ? await apiCall<ChannelView>("PUT", `/api/v1/alerts/channels/${editing.id}`, body)
      : await apiCall<ChannelView>("POST", "/api/v1/alerts/channels", body);
    setPending(false);
    if (r.ok) {
      setIssues({});
      setMessage({ ok: true, text: `Saved channel '${r.data.name}'.` });
      onSaved(r.data);
      return;
    }
    // "config.url" → "url", "config.to.0" → "to": each problem at its field
    setIssues(
      Object.fromEntries(r.issues.map((i) => [i.path.replace(/^config\./, "").replace(/\.\d+$/, ""), i.message])),
    );
    setMessage({ ok: false, text: r.message });
  }

  return (
    <form
      onSubmit={onSubmit(submit)}
      className="space-y-3"
      data-testid={editing ? `channel-form-${editing.name}` : "channel-form-new"}
      noValidate
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id={`${prefix}-name`} label="Name" error={issues.name}>
          <TextInput
            id={`${prefix}-name`}
            name="name"
            defaultValue={editing?.name ?? ""}
            error={issues.name}
            required
            maxLength={80}
          />
        </Field>
        <Field id={`${prefix}-kind`} label="Kind" error={issues.kind}>
          <Select
            id={`${prefix}-kind`}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as "webhook" | "smtp")}
            disabled={!!editing}
          >
            <option value="webhook">Webhook (JSON, signed)</option>
            <option value="smtp">E-mail (SMTP)</option>
          </Select>
        </Field>
      </div>
      {kind === "webhook" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={`${prefix}-url`} label="URL" error={issues.url} hint="Rampart POSTs JSON here.">
            <TextInput
              id={`${prefix}-url`}
              name="url"
              type="url"
              defaultValue={String(cfg.url ?? "")}
              error={issues.url}
              placeholder="https://hooks.example.net/rampart"
            />
          </Field>
          <SecretField
            id={`${prefix}-secret`}
            label="Signing secret"
            error={issues.secret}
            stored={!!editing?.hasSecret}
            hint="X-Rampart-Signature: sha256=HMAC of the raw body with this secret."
          />
        </div>
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={`${prefix}-host`} label="SMTP host" error={issues.host}>
            <TextInput id={`${prefix}-host`} name="host" defaultValue={String(cfg.host ?? "")} error={issues.host} />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field id={`${prefix}-port`} label="Port" error={issues.port}>
              <TextInput
                id={`${prefix}-port`}
                name="port"
                type="number"
                defaultValue={String(cfg.port ?? 587)}
                error={issues.port}
              />
            </Field>
            <Field id={`${prefix}-security`} label="Security" error={issues.security}>
              <Select id={`${prefix}-security`} name="security" defaultValue={String(cfg.security ?? "starttls")}>
                <option value="starttls">STARTTLS</option>
                <option value="tls">TLS</option>
                <option value="none">None</option>
              </Select>
            </Field>
          </div>
          <Field id={`${prefix}-username`} label="Username" error={issues.username} hint="Empty: no login.">
            <TextInput
              id={`${prefix}-username`}
              name="username"
              defaultValue={String(cfg.username ?? "")}
              error={issues.username}
              autoComplete="off"
            />
          </Field>
          <SecretField id={`${prefix}-secret`} label="Password" error={issues.secret} stored={!!editing?.hasSecret} />
          <Field id={`${prefix}-from`} label="From" error={issues.from}>
            <TextInput
              id={`${prefix}-from`}
              name="from"
              type="email"
              defaultValue={String(cfg.from ?? "")}
              error={issues.from}
            />
          </Field>
          <Field id={`${prefix}-to`} label="To" error={issues.to} hint="Addresses separated by commas.">
            <TextInput
              id={`${prefix}-to`}
              name="to"
              defaultValue={Array.isArray(cfg.to) ? cfg.to.join(", ") : ""}
              error={issues.to}
            />
          </Field>
        </div>
      )}
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Alerts sent to this channel</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {ALERT_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name={`event-${t}`} defaultChecked={editing ? editing.events.includes(t) : true} />
              {alertTypeLabels[t]}
            </label>
          ))}
        </div>
        {issues.events ? (
          <p className="text-xs text-red-600" data-field-error={`${prefix}-events`}>
            {issues.events}
          </p>
        ) : null}
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Routers whose alerts go here</legend>
        <p className="mb-1 text-xs text-slate-500">
          Nothing chosen: every router&apos;s. Otherwise only the routers of the chosen sites and the chosen routers.
        </p>
        {targets.sites.length > 0 ? (
          <div className="mb-2 flex flex-wrap gap-x-4 gap-y-1">
            {targets.sites.map((s) => (
              <label key={s} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name={`site-${s}`} defaultChecked={editing?.sites.includes(s) ?? false} />
                Site {s}
              </label>
            ))}
          </div>
        ) : null}
        <Field id={`${prefix}-routers`} label="Routers" error={issues.routerIds ?? issues.sites}>
          <select
            id={`${prefix}-routers`}
            name="routerIds"
            multiple
            size={Math.min(5, Math.max(2, targets.routers.length))}
            defaultValue={editing?.routerIds ?? []}
            className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            <NamedOptions items={targets.routers} />
          </select>
        </Field>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={editing?.enabled ?? true} /> Enabled
      </label>
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save channel" : "Add channel"}
        </Button>
        {onCancel ? (
          <Button type="button" size="sm" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
      <FormMessage ok={message?.ok} message={message?.text} />
    </form>
  );
}

/**
 * The channel's secret (a webhook's signing secret, an SMTP password): never shown again once stored, and kept
 * when left empty on an edit.
 */
function SecretField({
  id,
  label,
  error,
  stored,
  hint,
}: {
  id: string;
  label: string;
  error?: string;
  stored: boolean;
  hint?: string;
}) {
  return (
    <Field id={id} label={label} error={error} hint={stored ? "Stored (not shown). Leave empty to keep it." : hint}>
      <TextInput id={id} name="secret" type="password" autoComplete="new-password" error={error} />
    </Field>
  );
}
