"use client";

import { Field, inputClass, Select, TextInput } from "@/components/ui/field";
import { NAT_STATES, RATE_UNITS, TTL_OPS } from "@/lib/rules/matchers";
import { ChipInput } from "./chip-input";
import type { ErrorOf } from "./field-errors";
import { icmpApplies } from "./matcher-draft";
import type { RuleDraft } from "./rule-draft";

type Props = {
  draft: RuleDraft;
  set: (patch: Partial<RuleDraft>) => void;
  errorOf: ErrorOf;
};

const offClass = `${inputClass} disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400`;

const COMMON_ICMP: Record<"icmp" | "icmpv6", string[]> = {
  icmp: ["echo-request", "echo-reply", "destination-unreachable", "time-exceeded"],
  icmpv6: [
    "echo-request",
    "echo-reply",
    "destination-unreachable",
    "packet-too-big",
    "time-exceeded",
    "neighbour-solicitation",
    "neighbour-advertisement",
    "router-solicitation",
    "router-advertisement",
  ],
};

const TTL_LABEL = {
  equal: "equal to",
  "not-equal": "not equal to",
  "less-than": "less than",
  "greater-than": "greater than",
};
const NAT_LABEL = { dstnat: "dst-natted (port-forwarded)", "not-dstnat": "not dst-natted" };

/** ICMP types, TTL / hop limit, NAT state and rate limit: the less common matchers, each off until chosen. */
export function MatchersField({ draft, set, errorOf }: Props) {
  const icmp = icmpApplies(draft);
  const version = draft.protocol === "icmpv6" ? "icmpv6" : "icmp";
  return (
    <>
      <Field
        id="rule-icmpTypes"
        label="ICMP types"
        error={icmp ? errorOf("icmpTypes") : undefined}
        hint={
          icmp
            ? "Empty means any type. Names (echo-request) or type/code (3/4)."
            : "ICMP types apply to protocol icmp or icmpv6 only."
        }
      >
        <ChipInput
          id="rule-icmpTypes"
          chips={icmp ? draft.icmpTypes : []}
          onChange={(icmpTypes) => set({ icmpTypes })}
          chipError={(i) => errorOf(`icmpTypes.chip.${i}`)}
          placeholder={icmp ? "any" : "—"}
          disabled={!icmp}
          invalid={icmp && !!errorOf("icmpTypes")}
        />
        {icmp ? (
          <div className="flex flex-wrap gap-1 pt-0.5">
            {COMMON_ICMP[version]
              .filter((name) => !draft.icmpTypes.includes(name))
              .map((name) => (
                <button
                  key={name}
                  type="button"
                  onClick={() => set({ icmpTypes: [...draft.icmpTypes, name] })}
                  className="rounded border border-slate-200 px-1.5 py-0.5 text-[11px] text-slate-600 hover:bg-slate-50"
                >
                  + {name}
                </button>
              ))}
          </div>
        ) : null}
      </Field>

      <div className="grid grid-cols-2 gap-3">
        <Field id="rule-ttl-op" label="TTL / hop limit" error={errorOf("ttl")} hint="TTL in IPv4, hop limit in IPv6.">
          <div className="flex gap-2">
            <Select
              id="rule-ttl-op"
              value={draft.ttlOp}
              error={errorOf("ttl")}
              onChange={(e) => set({ ttlOp: e.target.value as RuleDraft["ttlOp"] })}
            >
              <option value="">any</option>
              {TTL_OPS.map((op) => (
                <option key={op} value={op}>
                  {TTL_LABEL[op]}
                </option>
              ))}
            </Select>
            <TextInput
              id="rule-ttl-value"
              aria-label="TTL value"
              className={offClass}
              inputMode="numeric"
              value={draft.ttlOp ? draft.ttlValue : ""}
              disabled={!draft.ttlOp}
              placeholder={draft.ttlOp ? "0-255" : "—"}
              error={errorOf("ttl")}
              onChange={(e) => set({ ttlValue: e.target.value })}
            />
          </div>
        </Field>
        <Field id="rule-natState" label="Connection NAT state" error={errorOf("natState")}>
          <Select
            id="rule-natState"
            value={draft.natState}
            error={errorOf("natState")}
            onChange={(e) => set({ natState: e.target.value as RuleDraft["natState"] })}
          >
            <option value="">any</option>
            {NAT_STATES.map((n) => (
              <option key={n} value={n}>
                {NAT_LABEL[n]}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Rate limit</legend>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label className="inline-flex items-center gap-1.5">
            <input type="checkbox" checked={draft.limitOn} onChange={(e) => set({ limitOn: e.target.checked })} />
            Match at most
          </label>
          <div className="w-24 shrink-0">
            <TextInput
              id="rule-limit-rate"
              aria-label="Packets per interval"
              className={offClass}
              inputMode="numeric"
              value={draft.limitRate}
              disabled={!draft.limitOn}
              error={draft.limitOn ? errorOf("rateLimit") : undefined}
              onChange={(e) => set({ limitRate: e.target.value })}
            />
          </div>
          <span>packets per</span>
          <div className="w-28 shrink-0">
            <Select
              id="rule-limit-per"
              className={offClass}
              value={draft.limitPer}
              disabled={!draft.limitOn}
              onChange={(e) => set({ limitPer: e.target.value as RuleDraft["limitPer"] })}
            >
              {RATE_UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </Select>
          </div>
          <span>burst</span>
          <div className="w-20 shrink-0">
            <TextInput
              id="rule-limit-burst"
              aria-label="Burst packets"
              className={offClass}
              inputMode="numeric"
              value={draft.limitBurst}
              disabled={!draft.limitOn}
              error={draft.limitOn ? errorOf("rateLimit") : undefined}
              onChange={(e) => set({ limitBurst: e.target.value })}
            />
          </div>
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {draft.limitOn && errorOf("rateLimit") ? (
            <span id="rule-limit-rate-error" className="text-red-600">
              {errorOf("rateLimit")}
            </span>
          ) : (
            "Packets over the limit do not match and go on to the next rule."
          )}
        </p>
      </fieldset>
    </>
  );
}
