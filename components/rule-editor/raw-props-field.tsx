"use client";

import { Field, TextArea } from "@/components/ui/field";
import { rawGrammarOf, rawVendorLabel } from "@/lib/routers/raw-rules";

/**
 * What a raw rule (filter or NAT) shows: whose words it is, and its properties as the vendor's text, one
 * `name=value` a line, with the grammar's hint and its message at the field.
 */
export function RawBanner({ vendor, type, badgeTestId }: { vendor: string; type: string; badgeTestId: string }) {
  const label = rawVendorLabel(vendor);
  return (
    <p className="rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
      <span className="mr-1 rounded bg-amber-200 px-1.5 py-0.5 font-medium" data-testid={badgeTestId}>
        {label} raw {type}
      </span>
      Kept as the router&apos;s own words: pushed as written to {label} routers only (others refuse it at preview). The
      analysis and the packet tester cannot decide it.
    </p>
  );
}

export function RawPropsField({
  id,
  vendor,
  text,
  error,
  disabled,
  onChange,
}: {
  id: string;
  vendor: string;
  text: string;
  error: string | undefined;
  disabled?: boolean;
  onChange: (text: string) => void;
}) {
  return (
    <Field id={id} label="Properties" error={error} hint={rawGrammarOf(vendor)?.hint}>
      <TextArea
        id={id}
        rows={Math.min(12, Math.max(4, text.split("\n").length + 1))}
        value={text}
        spellCheck={false}
        disabled={disabled}
        error={error}
        className="text-xs"
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
