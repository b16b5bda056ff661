"use client";

import { ROLE_SUGGESTIONS } from "@/lib/rules/interface-roles";
import { Field, inputClass, Select, TextInput } from "@/components/ui/field";
import { ACTIONS, CHAINS, CONN_STATES, FAMILIES } from "@/lib/rules/schema";
import { AddressMatchField } from "./address-match-field";
import type { ErrorOf } from "./field-errors";
import { MATCHER_FIELD_OF } from "./matcher-draft";
import { MatchersField } from "./matchers-field";
import { PortsField } from "./ports-field";
import { ProtocolField } from "./protocol-field";
import { RawRuleForm } from "./raw-rule-form";
import { inInterfaceApplies, outInterfaceApplies, portsApply, type RuleDraft } from "./rule-draft";

type Props = {
  draft: RuleDraft;
  change: (patch: Partial<RuleDraft>) => void;
  touch: (field: string) => void;
  errorOf: ErrorOf;
  listNames: string[];
  readOnly: boolean;
};

// The shared input style has no disabled look; fields the chain or logging switch off must read as off.
const offClass = `${inputClass} disabled:cursor-not-allowed disabled:bg-slate-100 disabled:text-slate-400`;

const ACTION_HINT = {
  accept: "Let the packet through.",
  drop: "Discard silently; the sender waits for a timeout.",
  reject: "Refuse and tell the sender (ICMP or TCP reset).",
} as const;

/** Every field of one rule, in the order admins know from pfSense and OPNsense. */
export function RuleForm({ draft, change, touch, errorOf, listNames, readOnly }: Props) {
  const set = (patch: Partial<RuleDraft>) => {
    change(patch);
    for (const key of Object.keys(patch)) touch(MATCHER_FIELD_OF[key] ?? key);
  };
  if (draft.raw) return <RawRuleForm draft={draft} set={set} touch={touch} errorOf={errorOf} readOnly={readOnly} />;
  const inOk = inInterfaceApplies(draft);
  const outOk = outInterfaceApplies(draft);
  return (
    <fieldset disabled={readOnly} className="space-y-4">
      <div className="grid grid-cols-3 gap-3">
        <Field id="rule-action" label="Action" error={errorOf("action")} hint={ACTION_HINT[draft.action]}>
          <Select
            id="rule-action"
            value={draft.action}
            onChange={(e) => set({ action: e.target.value as RuleDraft["action"] })}
          >
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rule-chain" label="Chain" error={errorOf("chain")}>
          <Select
            id="rule-chain"
            value={draft.chain}
            onChange={(e) => set({ chain: e.target.value as RuleDraft["chain"] })}
          >
            {CHAINS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="rule-family" label="Address family" error={errorOf("family")}>
          <Select
            id="rule-family"
            value={draft.family}
            onChange={(e) => set({ family: e.target.value as RuleDraft["family"] })}
          >
            {FAMILIES.map((f) => (
              <option key={f} value={f}>
                {f === "both" ? "IPv4 + IPv6" : f === "ipv4" ? "IPv4" : "IPv6"}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="grid grid-cols-3 items-start gap-3">
        <div className="col-span-2">
          <ProtocolField draft={draft} onChange={set} errorOf={errorOf} onBlur={() => touch("protocol")} />
        </div>
        <label className="mt-6 inline-flex items-center gap-2 text-sm">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
      </div>

      <AddressMatchField
        side="src"
        label="Source"
        value={draft.src}
        onChange={(src) => set({ src })}
        errorOf={errorOf}
        listNames={listNames}
      />
      <PortsField
        field="srcPorts"
        label="Source ports"
        chips={draft.srcPorts}
        onChange={(srcPorts) => set({ srcPorts })}
        errorOf={errorOf}
        applies={portsApply(draft)}
      />
      <AddressMatchField
        side="dst"
        label="Destination"
        value={draft.dst}
        onChange={(dst) => set({ dst })}
        errorOf={errorOf}
        listNames={listNames}
      />
      <PortsField
        field="dstPorts"
        label="Destination ports"
        chips={draft.dstPorts}
        onChange={(dstPorts) => set({ dstPorts })}
        errorOf={errorOf}
        applies={portsApply(draft)}
        presets
      />

      <div className="grid grid-cols-2 gap-3">
        <Field
          id="rule-in"
          label="In interface"
          error={inOk ? errorOf("inInterface") : undefined}
          hint={
            inOk ? "Empty means any. 'role lan' or 'not role lan' matches a role." : "Not used on the output chain."
          }
        >
          <TextInput
            id="rule-in"
            className={offClass}
            value={inOk ? draft.inInterface : ""}
            disabled={!inOk}
            placeholder={inOk ? "any" : "—"}
            error={inOk ? errorOf("inInterface") : undefined}
            onChange={(e) => set({ inInterface: e.target.value })}
            list="rule-role-suggestions"
          />
        </Field>
        <Field
          id="rule-out"
          label="Out interface"
          error={outOk ? errorOf("outInterface") : undefined}
          hint={outOk ? "Empty means any. 'role wan' matches a role." : "Not used on the input chain."}
        >
          <TextInput
            id="rule-out"
            className={offClass}
            value={outOk ? draft.outInterface : ""}
            disabled={!outOk}
            placeholder={outOk ? "any" : "—"}
            error={outOk ? errorOf("outInterface") : undefined}
            onChange={(e) => set({ outInterface: e.target.value })}
            list="rule-role-suggestions"
          />
        </Field>
        <datalist id="rule-role-suggestions">
          {ROLE_SUGGESTIONS.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      </div>

      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Connection state</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {CONN_STATES.map((s) => (
            <label key={s} className="inline-flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={draft.states.includes(s)}
                onChange={(e) =>
                  set({
                    states: e.target.checked
                      ? CONN_STATES.filter((x) => x === s || draft.states.includes(x))
                      : draft.states.filter((x) => x !== s),
                  })
                }
              />
              {s}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {errorOf("states") ? (
            <span className="text-red-600">{errorOf("states")}</span>
          ) : (
            "None ticked means any state."
          )}
        </p>
      </fieldset>

      <MatchersField draft={draft} set={set} errorOf={errorOf} />

      <div className="grid grid-cols-3 items-start gap-3">
        <label className="mt-6 inline-flex items-center gap-2 text-sm">
          <input type="checkbox" checked={draft.log} onChange={(e) => set({ log: e.target.checked })} />
          Log matches
        </label>
        <div className="col-span-2">
          <Field
            id="rule-log-prefix"
            label="Log prefix"
            error={draft.log ? errorOf("logPrefix") : undefined}
            hint={draft.log ? "Up to 32 characters, shown in the router log." : "Turn on logging to set a prefix."}
          >
            <TextInput
              id="rule-log-prefix"
              className={offClass}
              value={draft.log ? draft.logPrefix : ""}
              disabled={!draft.log}
              error={draft.log ? errorOf("logPrefix") : undefined}
              onChange={(e) => set({ logPrefix: e.target.value })}
            />
          </Field>
        </div>
      </div>

      <Field id="rule-comment" label="Comment" error={errorOf("comment")}>
        <TextInput
          id="rule-comment"
          value={draft.comment}
          placeholder="why this rule exists"
          error={errorOf("comment")}
          onChange={(e) => set({ comment: e.target.value })}
        />
      </Field>
    </fieldset>
  );
}
