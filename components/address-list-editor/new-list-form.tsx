"use client";

import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { listNameSchema } from "@/lib/rules/schema";
import { useCheckedText } from "./use-checked-text";

/** Name a new, empty list; the name is checked with the schema and against the lists already here. */
export function NewListForm({ existing, onCreate }: { existing: string[]; onCreate: (name: string) => void }) {
  const name = useCheckedText((value) => {
    const parsed = listNameSchema.safeParse(value.trim());
    if (!parsed.success) return parsed.error.issues[0].message;
    const clash = existing.find((n) => n.toLowerCase() === value.trim().toLowerCase());
    return clash ? `address list '${clash}' already exists` : undefined;
  });
  return (
    <form
      className="flex items-start gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const text = name.take();
        if (text !== undefined) onCreate(text.trim());
      }}
    >
      <div className="w-64">
        <Field id="new-list-name" label="New address list" error={name.error}>
          <TextInput
            id="new-list-name"
            value={name.text}
            placeholder="e.g. office"
            error={name.error}
            onChange={(e) => name.change(e.target.value)}
          />
        </Field>
      </div>
      <Button type="submit" variant="secondary" className="mt-5">
        Add list
      </Button>
    </form>
  );
}
