"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { parseAddressSpec } from "@/lib/rules/address";
import type { AddressListEntry } from "@/lib/rules/schema";

/** One new entry: the address is parsed as typed (same parser as the server) and refused with its message. */
export function AddEntryForm({ listName, onAdd }: { listName: string; onAdd: (entry: AddressListEntry) => void }) {
  const [address, setAddress] = useState("");
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string>();
  const id = `add-entry-${listName}`;
  const check = (text: string) => {
    const parsed = parseAddressSpec(text);
    return parsed.ok ? undefined : parsed.message;
  };
  return (
    <form
      className="flex items-start gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const message = check(address);
        setError(message);
        if (message) return;
        onAdd({ address: address.trim(), comment: comment.trim() });
        setAddress("");
        setComment("");
      }}
    >
      <div className="w-64">
        <input
          id={id}
          aria-label={`New address for ${listName}`}
          value={address}
          placeholder="10.0.0.0/8, 192.0.2.1-192.0.2.9"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setAddress(e.target.value);
            if (error) setError(check(e.target.value));
          }}
          onBlur={() => address.trim() !== "" && setError(check(address))}
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
