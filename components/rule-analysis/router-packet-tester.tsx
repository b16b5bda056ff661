"use client";

import { useState } from "react";
import { apiCall } from "@/components/push/api-fetch";
import type { PacketFields } from "@/lib/analysis/packet-fields";
import type { RouterPacketTestResponse } from "@/lib/analysis/schemas";
import { PacketForm } from "./packet-form";
import { PacketResult } from "./packet-result";

type Outcome =
  | { state: "idle" }
  | { state: "busy" }
  | { state: "ok"; data: RouterPacketTestResponse }
  | { state: "error"; message: string };

/** The packet tester against a router's live filter rules, read on each test through the API. */
export function RouterPacketTester({ routerId }: { routerId: string }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });
  const run = async (fields: PacketFields) => {
    setOutcome({ state: "busy" });
    const query = new URLSearchParams(Object.entries(fields).filter(([, v]) => v.trim() !== ""));
    const r = await apiCall<RouterPacketTestResponse>("GET", `/api/v1/routers/${routerId}/packet-test?${query}`);
    setOutcome(
      r.ok
        ? { state: "ok", data: r.data }
        : {
            state: "error",
            message: r.issues.length ? r.issues.map((i) => `${i.path}: ${i.message}`).join("; ") : r.message,
          },
    );
  };
  return (
    <div className="space-y-3" data-testid="router-packet-tester">
      <p className="text-xs text-slate-500">
        Reads the router&apos;s filter rules now (Rampart&apos;s and foreign ones, in router order) and runs the packet
        down its chain. Nothing is written to the router.
      </p>
      <PacketForm
        busy={outcome.state === "busy"}
        submitLabel="Test on the router"
        onSubmit={(_, fields) => run(fields)}
        onInvalid={() => setOutcome({ state: "idle" })}
      />
      {outcome.state === "error" ? (
        <p role="alert" className="rounded bg-red-50 px-2 py-1 text-xs text-red-700">
          {outcome.message}
        </p>
      ) : null}
      {outcome.state === "ok" ? (
        <>
          <p className="text-xs text-slate-500">
            {outcome.data.ruleCount} live rules read from {outcome.data.routerName}.
          </p>
          {outcome.data.skipped.length ? (
            <details className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
              <summary>
                {outcome.data.skipped.length} live item(s) the rule model cannot hold were left out; the verdict may
                differ where they would match.
              </summary>
              <ul className="ml-4 list-disc">
                {outcome.data.skipped.map((s, i) => (
                  <li key={i}>
                    {s.label}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <PacketResult view={outcome.data.result} />
        </>
      ) : null}
    </div>
  );
}
