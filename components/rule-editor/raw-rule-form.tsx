"use client";

import { Field, Select, TextInput } from "@/components/ui/field";
import { rawGrammarOf } from "@/lib/routers/raw-rules";
import { RawBanner, RawPropsField } from "./raw-props-field";
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
  const grammar = rawGrammarOf(raw.vendor);
  return (
    <fieldset disabled={readOnly} className="space-y-4" data-testid="raw-rule-form">
      <RawBanner vendor={raw.vendor} type={raw.type} badgeTestId="raw-vendor-badge" />
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
      <RawPropsField
        id="rule-raw"
        vendor={raw.vendor}
        text={draft.rawText}
        error={errorOf("raw")}
        onChange={(rawText) => {
          set({ rawText });
          touch("raw");
        }}
      />
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
