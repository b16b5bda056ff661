"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import {
  EMPTY_PACKET_FIELDS,
  parsePacketFields,
  type PacketField,
  type PacketFields,
} from "@/lib/analysis/packet-fields";
import type { Packet } from "@/lib/rules/analysis";
import { CHAINS, CONN_STATES } from "@/lib/rules/schema";

const input =
  "block w-full rounded border border-slate-300 bg-white px-2 py-1 text-xs placeholder:text-slate-400 focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600 aria-invalid:border-red-500";

type Props = {
  initial?: PacketFields;
  /** Interface names the rules use, offered as suggestions. */
  interfaces?: string[];
  busy?: boolean;
  submitLabel?: string;
  onSubmit: (packet: Packet, fields: PacketFields) => void;
  /** A submit that did not parse: the verdict shown is for another packet and must go. */
  onInvalid?: () => void;
};

/**
 * The packet tester's form. Checked with packetSchema on submit and then as the admin fixes fields, each message
 * under its own field. Fields a chain or protocol cannot have are hidden (no in-interface on output, no ports for icmp).
 */
export function PacketForm({
  initial = EMPTY_PACKET_FIELDS,
  interfaces = [],
  busy = false,
  submitLabel = "Test",
  onSubmit,
  onInvalid,
}: Props) {
  const id = useId();
  const [f, setF] = useState<PacketFields>(initial);
  const [submitted, setSubmitted] = useState(false);
  const parsed = parsePacketFields(f);
  const errors = submitted && !parsed.ok ? parsed.errors : {};
  const set = (k: PacketField) => (e: { target: { value: string } }) =>
    setF((old) => ({ ...old, [k]: e.target.value }));
  const ports = ["tcp", "udp", "6", "17"].includes(f.protocol.trim().toLowerCase());
  const icmp = ["icmp", "icmpv6", "1", "58"].includes(f.protocol.trim().toLowerCase());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    // Hidden fields do not count: switching to icmp drops the ports typed for tcp.
    const visible = {
      ...f,
      ...(ports ? {} : { srcPort: "", dstPort: "" }),
      ...(icmp ? {} : { icmpType: "" }),
      ...(f.chain === "output" ? { inInterface: "" } : {}),
      ...(f.chain === "input" ? { outInterface: "" } : {}),
    };
    const r = parsePacketFields(visible);
    if (r.ok) onSubmit(r.packet, visible);
    else onInvalid?.();
  };

  const field = (k: PacketField, label: string, control: ReactNode, className = "") => (
    <div className={`space-y-0.5 ${className}`}>
      <label htmlFor={`${id}-${k}`} className="block text-[11px] font-medium text-slate-600">
        {label}
      </label>
      {control}
      {errors[k] ? (
        <p id={`${id}-${k}-error`} className="text-[11px] leading-tight text-red-600" data-field-error={k}>
          {errors[k]}
        </p>
      ) : null}
    </div>
  );
  const text = (k: PacketField, placeholder: string, list?: string) => (
    <input
      id={`${id}-${k}`}
      value={f[k]}
      onChange={set(k)}
      placeholder={placeholder}
      list={list}
      aria-invalid={errors[k] ? true : undefined}
      aria-describedby={errors[k] ? `${id}-${k}-error` : undefined}
      className={input}
      autoComplete="off"
      spellCheck={false}
    />
  );

  return (
    <form
      onSubmit={submit}
      noValidate
      className="grid grid-cols-2 items-start gap-x-2 gap-y-1.5 sm:grid-cols-6"
      data-testid="packet-form"
    >
      {field(
        "chain",
        "Chain",
        <select id={`${id}-chain`} value={f.chain} onChange={set("chain")} className={input}>
          {CHAINS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>,
      )}
      {f.chain !== "output" ? field("inInterface", "In interface", text("inInterface", "any", `${id}-ifaces`)) : null}
      {f.chain !== "input" ? field("outInterface", "Out interface", text("outInterface", "any", `${id}-ifaces`)) : null}
      {field(
        "protocol",
        "Protocol",
        <>
          <input
            id={`${id}-protocol`}
            value={f.protocol}
            onChange={set("protocol")}
            list={`${id}-protocols`}
            className={input}
            aria-invalid={errors.protocol ? true : undefined}
            autoComplete="off"
          />
          <datalist id={`${id}-protocols`}>
            {["tcp", "udp", "icmp", "icmpv6"].map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </>,
      )}
      {field(
        "state",
        "State",
        <select id={`${id}-state`} value={f.state} onChange={set("state")} className={input}>
          {CONN_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>,
        f.chain === "forward" ? "sm:col-span-2" : "sm:col-span-3",
      )}
      {field("src", "Source address", text("src", "198.51.100.7"), ports ? "" : "sm:col-span-2")}
      {ports ? field("srcPort", "Source port", text("srcPort", "any")) : null}
      {field("dst", "Destination address", text("dst", "192.0.2.1"), ports ? "" : "sm:col-span-2")}
      {ports ? field("dstPort", "Destination port", text("dstPort", "22")) : null}
      {icmp ? field("icmpType", "ICMP type", text("icmpType", "echo-request or 3/4")) : null}
      {field("ttl", "TTL / hop limit", text("ttl", "64"))}
      {(["dstNatted", "overLimit"] as const).map((k) =>
        field(
          k,
          k === "dstNatted" ? "Dst-natted" : "Over rate limits",
          <select id={`${id}-${k}`} value={f[k]} onChange={set(k)} className={input}>
            <option value="">no</option>
            <option value="yes">yes</option>
          </select>,
        ),
      )}
      <div className="flex items-end pt-4 sm:col-span-2">
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-slate-900 px-3 py-1 text-xs font-medium text-white hover:bg-slate-700 disabled:opacity-50"
          data-testid="packet-test-submit"
        >
          {busy ? "Testing…" : submitLabel}
        </button>
      </div>
      <datalist id={`${id}-ifaces`}>
        {interfaces.map((i) => (
          <option key={i} value={i} />
        ))}
      </datalist>
    </form>
  );
}
