"use client";

import { interfaceMatchText } from "@/lib/rules/interface-roles";
import { useEffect, useMemo, useState } from "react";
import { packetToFields } from "@/lib/analysis/packet-fields";
import { packetTestView } from "@/lib/analysis/views";
import type { PacketTestView } from "@/lib/analysis/schemas";
import type { Packet } from "@/lib/rules/analysis";
import type { AddressList, NatRule, Rule } from "@/lib/rules/schema";
import { PacketForm } from "./packet-form";
import { PacketResult } from "./packet-result";

type Props = {
  rules: Rule[];
  addressLists: AddressList[];
  /** The editor's NAT rules: a packet meets the port forwards before the filter (docs/nat.md). */
  nat?: NatRule[];
  /** The deciding rule, for the list to highlight (null: none, or the default policy decided). */
  onDecided: (ruleId: string | null) => void;
  onGoTo: (ruleId: string) => void;
  onClose: () => void;
};

/**
 * "Would this packet pass?" on the editor's current, unsaved rules. The answer follows edits: once a packet is
 * tested, changing a rule re-runs it (a linear walk of one chain, cheap enough for every change).
 */
export function EditorPacketTester({ rules, addressLists, nat, onDecided, onGoTo, onClose }: Props) {
  const [packet, setPacket] = useState<Packet | null>(null);
  const interfaces = useMemo(
    () =>
      [
        ...new Set(
          rules
            .flatMap((r) => [r.inInterface, r.outInterface])
            .map((i) => (i === null ? null : interfaceMatchText(i)))
            .filter((i): i is string => !!i),
        ),
      ].sort(),
    [rules],
  );
  const view: PacketTestView | null = useMemo(
    () => (packet ? packetTestView({ rules, addressLists, nat }, packet) : null),
    [packet, rules, addressLists, nat],
  );
  const decided = view?.decidedBy?.ruleId ?? null;
  useEffect(() => onDecided(decided), [decided, onDecided]);
  useEffect(() => () => onDecided(null), [onDecided]);

  return (
    <section
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-xs"
      aria-labelledby="packet-tester-title"
      data-testid="packet-tester"
    >
      <header className="flex items-center justify-between">
        <h2 id="packet-tester-title" className="text-sm font-semibold text-slate-900">
          Would this packet pass?
        </h2>
        <span className="flex items-center gap-3 text-xs text-slate-500">
          Tests the rules as they are in the editor, unsaved changes included.
          <button
            type="button"
            onClick={onClose}
            aria-label="Close the packet tester"
            className="rounded px-1.5 text-base leading-none hover:bg-slate-100"
          >
            ×
          </button>
        </span>
      </header>
      <PacketForm
        interfaces={interfaces}
        initial={packet ? packetToFields(packet) : undefined}
        onSubmit={(p) => setPacket(p)}
        onInvalid={() => setPacket(null)}
      />
      {view ? <PacketResult view={view} onGoTo={onGoTo} /> : null}
    </section>
  );
}
