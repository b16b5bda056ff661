"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { parseAddressSpec } from "@/lib/rules/address";
import type { AddressListEntry } from "@/lib/rules/schema";
import { useCheckedText } from "./use-checked-text";

/** One new entry: the address is parsed as typed (same parser as the server) and refused with its message. */
export function AddEntryForm({ listName, onAdd }: { listName: string; onAdd: (entry: AddressListEntry) => void }) {
  const address = useCheckedText((text) => {
    const parsed = parseAddressSpec(text);
    return parsed.ok ? undefined : parsed.message;
  });
  const [comment, setComment] = useState("");
  const error = address.error;
  const id = `add-entry-${listName}`;
  return (
    <form
      className="flex items-start gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const text = address.take();
        if (text === undefined) return;
        onAdd({ address: text.trim(), comment: comment.trim() });
        setComment("");
      }}
    >
      <div className="w-64">
        <input
          id={id}
          aria-label={`New address for ${listName}`}
          value={address.text}
          placeholder="10.0.0.0/8, 192.0.2.1-192.0.2.9"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => address.change(e.target.value)}
          onBlur={address.blur}
          className="block w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs focus:border-sky-600 focus:outline-none focus:ring-1 focus:ring-sky-600 aria-invalid:border-red-500"
        />
        {error ? (
          <p id={`${id}-error`} className="mt-1 text-xs text-red-600" data-field-error={id}>
            {error}
          </p>
        ) : null}
      </div>
      <input
        aria-label={`Comment for the new address in ${listName}`}
        value={comment}
        placeholder="comment"
        onChange={(e) => setComment(e.target.value)}
        className="w-64 rounded-md border border-slate-300 px-2 py-1 text-xs"
      />
      <Button type="submit" size="sm" variant="secondary">
        Add entry
      </Button>
    </form>
  );
}
