"use client";

import { Field, inputClass, Select, TextInput } from "@/components/ui/field";
import { rawGrammarOf, rawVendorLabel } from "@/lib/routers/raw-rules";
import type { ErrorOf } from "./field-errors";
import type { RuleDraft } from "./rule-draft";

type Props = {
  draft: RuleDraft;
  set: (patch: Partial<RuleDraft>) => void;
  touch: (field: string) => void;
  errorOf: ErrorOf;
  readOnly: boolean;
};

/**
 * A vendor raw rule: pushed verbatim to its vendor's routers only, so it is edited as that vendor's property
 * text (one `name=value` a line), checked against the vendor's grammar as typed. The family picks the RouterOS
 * table (/ip or /ipv6); comment and enabled are the rule's own, as for every rule.
 */
export function RawRuleForm({ draft, set, touch, errorOf, readOnly }: Props) {
  const raw = draft.raw!;
  const rawError = errorOf("raw");
  const grammar = rawGrammarOf(raw.vendor);
  return (
    <fieldset disabled={readOnly} className="space-y-4" data-testid="raw-rule-form">
      <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
        <span className="mr-1 rounded bg-amber-200 px-1.5 py-0.5 font-medium" data-testid="raw-vendor-badge">
          {rawVendorLabel(raw.vendor)} raw {raw.type}
        </span>
        Kept as the router&apos;s own words: pushed as written to {rawVendorLabel(raw.vendor)} routers only (others
        refuse it at preview). The analysis and the packet tester cannot decide it.
      </p>
      {grammar?.familyIsTable ? (
        <Field id="rule-family" label="Table" error={errorOf("family")}>
          <Select
            id="rule-family"
            value={draft.family}
            onChange={(e) => {
              set({ family: e.target.value as RuleDraft["family"] });
              touch("raw");
            }}
          >
            <option value="ipv4">IPv4</option>
            <option value="ipv6">IPv6</option>
            {draft.family === "both" ? <option value="both">both (not possible for a raw rule)</option> : null}
          </Select>
        </Field>
      ) : null}
      <Field id="rule-raw" label="Properties" error={rawError} hint={grammar?.hint}>
        <textarea
          id="rule-raw"
          rows={Math.min(12, Math.max(4, draft.rawText.split("\n").length + 1))}
          value={draft.rawText}
          spellCheck={false}
          aria-invalid={rawError ? true : undefined}
          className={`${inputClass} font-mono text-xs`}
          onChange={(e) => {
            set({ rawText: e.target.value });
            touch("raw");
          }}
        />
      </Field>
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
