"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Select, TextInput } from "@/components/ui/field";
import { EmptyState, stackOnPhoneClass, tableClass } from "@/components/ui/page";
import type { FindingView } from "@/lib/analysis/schemas";
import { rawVendorLabel } from "@/lib/routers/raw-rules";
import { RawBanner, RawPropsField } from "@/components/rule-editor/raw-props-field";
import { describeNatRule } from "@/lib/rules/describe-nat";
import { makeNatRule } from "@/lib/rules/make-nat-rule";
import type { AddressList, NatRule } from "@/lib/rules/schema";
import { draftOf, parseDraft, type NatDraft } from "./nat-draft";

type Props = {
  nat: NatRule[];
  addressLists: AddressList[];
  canEdit: boolean;
  setNat: (nat: NatRule[]) => void;
  findings: ReadonlyMap<string, FindingView[]>;
};

const KIND_LABEL: Record<NatRule["kind"], string> = {
  "port-forward": "Port forward",
  masquerade: "Masquerade",
  snat: "Source NAT to address",
};

/**
 * Port forwards and source NAT of this rule set (docs/nat.md), saved with the rules as one revision. The router
 * takes them in this order, first match wins; the packet tester and the analysis run packets through them.
 */
export function NatTab({ nat, addressLists, canEdit, setNat, findings }: Props) {
  const [editing, setEditing] = useState<{ rule: NatRule; isNew: boolean } | null>(null);
  const apply = (rule: NatRule) => {
    const at = nat.findIndex((n) => n.id === rule.id);
    setNat(at >= 0 ? nat.with(at, rule) : [...nat, rule]);
    setEditing(null);
  };
  return (
    <div className="space-y-3" data-testid="nat-tab">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-slate-600">
          Port forwards send connections arriving on an interface to an inside host; source NAT rewrites the source of
          connections leaving by an interface. First match wins.
        </p>
        {canEdit ? (
          <Button onClick={() => setEditing({ rule: makeNatRule(), isNew: true })}>Add NAT rule</Button>
        ) : null}
      </div>
      {nat.length === 0 ? (
        <EmptyState title="No NAT rules">
          Add a port forward (e.g. tcp 8080 on the WAN interface to 192.168.88.10:80) or masquerade the LAN out of the
          WAN interface.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className={`${tableClass} ${stackOnPhoneClass}`} aria-label="NAT rules">
            <thead>
              <tr>
                <th>#</th>
                <th>Kind</th>
                <th>What it does</th>
                <th>Comment</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {nat.map((n, i) => (
                <tr key={n.id} data-nat-id={n.id} className={n.enabled ? "" : "text-slate-400 line-through"}>
                  <td data-label="#">{i + 1}</td>
                  <td data-label="Kind">
                    {n.raw ? (
                      <span
                        className="inline-block whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900"
                        title={`${rawVendorLabel(n.raw.vendor)} raw NAT rule: pushed as written to ${rawVendorLabel(n.raw.vendor)} routers only`}
                        data-testid="nat-raw-badge"
                      >
                        {/* as in the rules table: the label's first word fits; the title has it all */}
                        {rawVendorLabel(n.raw.vendor).split(" ")[0]} raw
                      </span>
                    ) : (
                      KIND_LABEL[n.kind]
                    )}
                  </td>
                  <td data-label="What it does">
                    {describeNatRule(n)}
                    {(findings.get(n.id) ?? []).map((f) => (
                      <p
                        key={f.kind}
                        className={`mt-1 text-xs no-underline ${f.severity === "error" ? "text-red-700" : "text-amber-800"}`}
                        data-nat-finding={f.kind}
                      >
                        {f.message}
                      </p>
                    ))}
                  </td>
                  <td data-label="Comment">{n.comment}</td>
                  <td className="whitespace-nowrap text-right">
                    <Button variant="ghost" size="sm" onClick={() => setEditing({ rule: n, isNew: false })}>
                      {canEdit ? "Edit" : "View"}
                    </Button>
                    {canEdit ? (
                      <Button variant="ghost" size="sm" onClick={() => setNat(nat.filter((x) => x.id !== n.id))}>
                        Delete
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? (
        <NatForm
          key={editing.rule.id}
          rule={editing.rule}
          isNew={editing.isNew}
          lists={addressLists.map((l) => l.name)}
          readOnly={!canEdit}
          onApply={apply}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function NatForm({
  rule,
  isNew,
  lists,
  readOnly,
  onApply,
  onClose,
}: {
  rule: NatRule;
  isNew: boolean;
  lists: string[];
  readOnly: boolean;
  onApply: (r: NatRule) => void;
  onClose: () => void;
}) {
  const [d, setD] = useState<NatDraft>(() => draftOf(rule));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = <K extends keyof NatDraft>(k: K, v: NatDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  const text = (k: keyof NatDraft & string, label: string, placeholder = "", hint?: string) => (
    <Field id={`nat-${k}`} label={label} error={errors[k]} hint={hint}>
      <TextInput
        id={`nat-${k}`}
        value={String(d[k])}
        placeholder={placeholder}
        disabled={readOnly}
        error={errors[k]}
        onChange={(e) => set(k, e.target.value as never)}
      />
    </Field>
  );
  const forward = d.kind === "port-forward";
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const r = parseDraft(d, lists, rule);
    if (r.ok) onApply(r.rule);
    else setErrors(r.errors);
  };
  return (
    <aside
      role="dialog"
      aria-label={isNew ? "New NAT rule" : "Edit NAT rule"}
      className="fixed inset-y-0 right-0 z-30 w-full max-w-md space-y-3 overflow-y-auto border-l border-slate-200 bg-white p-4 shadow-xl"
    >
      <h2 className="text-base font-semibold">{isNew ? "New NAT rule" : "NAT rule"}</h2>
      {d.raw ? (
        <RawNatForm
          d={d}
          raw={d.raw}
          errors={errors}
          readOnly={readOnly}
          set={set}
          text={text}
          onSubmit={submit}
          onClose={onClose}
        />
      ) : (
        <form className="space-y-3" onSubmit={submit}>
          <Field id="nat-kind" label="Kind" error={errors.kind}>
            <Select
              id="nat-kind"
              value={d.kind}
              disabled={readOnly}
              onChange={(e) => set("kind", e.target.value as NatDraft["kind"])}
            >
              {Object.entries(KIND_LABEL).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="nat-protocol" label="Protocol" error={errors.protocol}>
            <Select
              id="nat-protocol"
              value={d.protocol}
              disabled={readOnly}
              onChange={(e) => set("protocol", e.target.value as NatDraft["protocol"])}
            >
              <option value="tcp">tcp</option>
              <option value="udp">udp</option>
              <option value="any">any</option>
            </Select>
          </Field>
          {forward
            ? text("inInterface", "In interface", "ether1", "Where the connections arrive (the WAN side).")
            : text("outInterface", "Out interface", "ether1", "Where the connections leave (the WAN side).")}
          {text("ports", forward ? "Ports (outside)" : "Destination ports", "8080 or 8000-8010")}
          {text("destination", "Destination address", "any", "Optional: the router's public address.")}
          {text("source", "Source", "any", "Addresses, or the name of an address list.")}
          {d.kind !== "masquerade"
            ? text("toAddress", forward ? "Forward to address" : "Source address", "192.168.88.10")
            : null}
          {forward ? text("toPort", "Forward to port", "same port") : null}
          {text("comment", "Comment")}
          <FormEnd d={d} readOnly={readOnly} set={set} onClose={onClose} />
        </form>
      )}
    </aside>
  );
}

/**
 * A vendor raw NAT rule: pushed verbatim to its vendor's routers only, so it is edited as that vendor's property
 * text (one `name=value` a line), checked against the vendor's NAT grammar on Apply; comment and enabled are the
 * rule's own. Its kind and other modelled fields decide nothing and are not shown.
 */
function RawNatForm({
  d,
  raw,
  errors,
  readOnly,
  set,
  text,
  onSubmit,
  onClose,
}: {
  d: NatDraft;
  raw: NonNullable<NatDraft["raw"]>;
  errors: Record<string, string>;
  readOnly: boolean;
  set: <K extends keyof NatDraft>(k: K, v: NatDraft[K]) => void;
  text: (k: keyof NatDraft & string, label: string) => React.ReactNode;
  onSubmit: (e: React.FormEvent) => void;
  onClose: () => void;
}) {
  return (
    <form className="space-y-3" onSubmit={onSubmit} data-testid="nat-raw-form">
      <RawBanner vendor={raw.vendor} type={raw.type} badgeTestId="nat-raw-vendor-badge" />
      <RawPropsField
        id="nat-raw"
        vendor={raw.vendor}
        text={d.rawText}
        error={errors.raw}
        disabled={readOnly}
        onChange={(v) => set("rawText", v)}
      />
      {text("comment", "Comment")}
      <FormEnd d={d} readOnly={readOnly} set={set} onClose={onClose} />
    </form>
  );
}

/** The end of both NAT forms: the rule's enabled switch, Apply and Cancel (Close when read-only). */
function FormEnd({
  d,
  readOnly,
  set,
  onClose,
}: {
  d: NatDraft;
  readOnly: boolean;
  set: <K extends keyof NatDraft>(k: K, v: NatDraft[K]) => void;
  onClose: () => void;
}) {
  return (
    <>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={d.enabled}
          disabled={readOnly}
          onChange={(e) => set("enabled", e.target.checked)}
        />
        Enabled
      </label>
      <div className="flex gap-2">
        {readOnly ? null : <Button type="submit">Apply</Button>}
        <Button type="button" variant="secondary" onClick={onClose}>
          {readOnly ? "Close" : "Cancel"}
        </Button>
      </div>
    </>
  );
}
