"use client";

import { useState } from "react";
import { apiCall } from "@/components/push/api-fetch";
import { onSubmit } from "./on-submit";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, Select, TextInput } from "@/components/ui/field";
import { formatDateTime } from "@/lib/format";

type Mute = {
  id: string;
  routerId: string | null;
  routerName: string | null;
  site: string | null;
  until: string;
  reason: string;
  createdBy: string;
};

/** Maintenance mutes: a router or a whole site, for some hours; alerts meanwhile are recorded as muted. */
export function MuteManager({
  initial,
  routers,
  sites,
  canEdit,
  preset,
}: {
  initial: Mute[];
  routers: { id: string; name: string }[];
  sites: string[];
  canEdit: boolean;
  preset?: string;
}) {
  const [mutes, setMutes] = useState(initial);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(fd: FormData) {
    const target = String(fd.get("target") ?? "");
    const hours = Number(fd.get("hours"));
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
      setIssues({ hours: "must be a number of hours from 0.1 to 720" });
      return;
    }
    const until = hoursFromNow(hours);
    const body = {
      ...(target.startsWith("site:") ? { site: target.slice(5) } : { routerId: target.slice(7) }),
      until,
      reason: String(fd.get("reason") ?? ""),
    };
    const r = await apiCall<Mute>("POST", "/api/v1/alerts/mutes", body);
    if (r.ok) {
      setMutes((m) => [...m, r.data]);
      setIssues({});
      setMessage({ ok: true, text: `Muted until ${formatDateTime(r.data.until)}.` });
    } else {
      setIssues(
        Object.fromEntries(
          r.issues.map((i) => [
            i.path === "routerId" || i.path === "site" ? "target" : i.path === "until" ? "hours" : i.path,
            i.message,
          ]),
        ),
      );
      setMessage({ ok: false, text: r.message });
    }
  }
  async function end(id: string) {
    const r = await apiCall<null>("DELETE", `/api/v1/alerts/mutes/${id}`);
    if (r.ok || r.message.includes("not found")) setMutes((m) => m.filter((x) => x.id !== id));
  }
  return (
    <div className="space-y-3" data-testid="mutes">
      {mutes.length === 0 ? <p className="text-sm text-slate-500">No router or site is muted.</p> : null}
      <ul className="space-y-1">
        {mutes.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center gap-2 text-sm" data-testid="mute">
            <span className="font-medium">{m.routerName ? `Router ${m.routerName}` : `Site ${m.site}`}</span>
            <span className="text-slate-500">
              until {formatDateTime(m.until)}
              {m.reason ? ` — ${m.reason}` : ""} (by {m.createdBy})
            </span>
            {canEdit ? (
              <Button size="sm" variant="ghost" onClick={() => end(m.id)}>
                End now
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          onSubmit={onSubmit(submit)}
          className="grid gap-3 border-t border-slate-100 pt-3 sm:grid-cols-4 sm:items-end"
          noValidate
        >
          <Field id="mute-target" label="Mute" error={issues.target}>
            <Select id="mute-target" name="target" defaultValue={preset ? `router:${preset}` : undefined}>
              {routers.map((r) => (
                <option key={r.id} value={`router:${r.id}`}>
                  Router {r.name}
                </option>
              ))}
              {sites.map((s) => (
                <option key={s} value={`site:${s}`}>
                  Site {s}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="mute-hours" label="For (hours)" error={issues.hours}>
            <TextInput id="mute-hours" name="hours" inputMode="decimal" defaultValue="2" error={issues.hours} />
          </Field>
          <Field id="mute-reason" label="Reason" error={issues.reason}>
            <TextInput
              id="mute-reason"
              name="reason"
              maxLength={200}
              placeholder="firmware upgrade"
              error={issues.reason}
            />
          </Field>
          <Button type="submit" size="sm" disabled={routers.length === 0}>
            Mute alerts
          </Button>
          <div className="sm:col-span-4">
            <FormMessage ok={message?.ok} message={message?.text} />
          </div>
        </form>
      ) : null}
    </div>
  );
}

/** The mute's end as an ISO time; called from the submit handler, never while rendering. */
function hoursFromNow(hours: number): string {
  return new Date(Date.now() + hours * 3600_000).toISOString();
}
