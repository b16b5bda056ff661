"use client";

import { useState } from "react";
import { apiCall } from "@/components/push/api-fetch";
import { formatBytes, formatCount } from "@/components/rule-hits/hit-format";
import { Button } from "@/components/ui/button";
import { tableClass } from "@/components/ui/page";
import { formatDateTime } from "@/lib/format";
import type { LiveFirewallView, LiveRuleView } from "@/lib/hits/schemas";

type Outcome =
  | { state: "idle" }
  | { state: "busy"; last: LiveFirewallView | null }
  | { state: "ok"; data: LiveFirewallView }
  | { state: "error"; message: string; last: LiveFirewallView | null };

const origins: Record<LiveRuleView["origin"], { label: string; tone: string }> = {
  rampart: { label: "Rampart", tone: "bg-sky-50 text-sky-800" },
  foreign: { label: "foreign", tone: "bg-amber-50 text-amber-900" },
  dynamic: { label: "dynamic", tone: "bg-slate-100 text-slate-600" },
};

/** The router's filter rules as it holds them now, read on demand (each read also records the rules' hits). */
export function LiveFirewallCard({ routerId }: { routerId: string }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });
  const last = outcome.state === "ok" ? outcome.data : outcome.state === "idle" ? null : outcome.last;
  const read = async () => {
    setOutcome({ state: "busy", last });
    const r = await apiCall<LiveFirewallView>("GET", `/api/v1/routers/${routerId}/live-firewall`);
    setOutcome(r.ok ? { state: "ok", data: r.data } : { state: "error", message: r.message, last });
  };
  const shown = outcome.state === "ok" ? outcome.data : null;
  return (
    <div className="space-y-3" data-testid="live-firewall">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" type="button" disabled={outcome.state === "busy"} onClick={() => void read()}>
          {outcome.state === "busy"
            ? "Reading…"
            : shown || outcome.state === "error"
              ? "Refresh"
              : "Read live firewall"}
        </Button>
        <p className="text-xs text-slate-500" data-testid="live-firewall-stamp">
          {shown
            ? `Read at ${formatDateTime(shown.readAt)}: ${shown.rules.length} rules, in router order.`
            : "Reads the router's filter rules now, with their counters. Nothing is written to the router."}
        </p>
      </div>
      {outcome.state === "error" ? (
        <p role="alert" className="rounded bg-red-50 px-2 py-1 text-sm text-red-700">
          {outcome.message}
          {outcome.last ? ` The rules below are from ${formatDateTime(outcome.last.readAt)}.` : ""}
        </p>
      ) : null}
      {shown || (outcome.state !== "idle" && last) ? <LiveRulesTable view={(shown ?? last)!} /> : null}
    </div>
  );
}

const where = (r: LiveRuleView) => `${r.family ? `${r.family === "ipv6" ? "IPv6" : "IPv4"} ` : ""}${r.chain}`;

function LiveRulesTable({ view }: { view: LiveFirewallView }) {
  if (view.rules.length === 0) return <p className="text-sm text-slate-500">The router holds no filter rules.</p>;
  return (
    <div className="relative overflow-x-auto">
      <table className={tableClass}>
        <thead>
          <tr>
            <th className="max-md:hidden">Chain</th>
            <th className="max-md:hidden">#</th>
            <th>Origin</th>
            <th>Rule</th>
            <th className="text-right">Packets</th>
            <th className="text-right max-md:hidden">Bytes</th>
          </tr>
        </thead>
        <tbody>
          {view.rules.map((r) => (
            <tr
              key={`${r.family ?? ""} ${r.chain} ${r.ref} ${r.position}`}
              data-testid="live-rule"
              data-origin={r.origin}
            >
              <td className="whitespace-nowrap text-xs max-md:hidden">{where(r)}</td>
              <td className="tabular-nums text-xs text-slate-500 max-md:hidden">{r.position}</td>
              <td>
                <span className={`rounded px-1 text-xs whitespace-nowrap ${origins[r.origin].tone}`}>
                  {origins[r.origin].label}
                </span>
              </td>
              <td className={`text-sm md:min-w-[14rem] ${r.disabled ? "text-slate-400 line-through" : ""}`}>
                {/* narrow screens: the chain and place go with the rule, so packets stay in view */}
                <span className="block text-xs text-slate-500 md:hidden">
                  {where(r)} #{r.position}
                </span>
                {r.origin === "rampart" ? (
                  <span className="font-medium" data-testid="live-rule-label">
                    {r.ruleLabel ?? `rule ${r.ruleId} (not in the rule set now)`}
                  </span>
                ) : null}
                <span
                  className={`block break-all text-xs ${r.origin === "rampart" ? "text-slate-500" : "text-slate-700"}`}
                >
                  {r.summary}
                </span>
                {r.disabled ? <span className="sr-only"> (disabled)</span> : null}
              </td>
              <td className="text-right tabular-nums">
                <span data-testid="live-rule-packets">{r.packets === null ? "—" : formatCount(r.packets)}</span>
                <span className="block text-xs whitespace-nowrap text-slate-500 md:hidden">
                  {r.bytes === null ? "" : formatBytes(r.bytes)}
                </span>
              </td>
              <td className="text-right tabular-nums whitespace-nowrap max-md:hidden">
                {r.bytes === null ? "—" : formatBytes(r.bytes)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
