"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, TextInput } from "@/components/ui/field";
import { listNameSchema } from "@/lib/rules/schema";

/** Name a new, empty list; the name is checked with the schema and against the lists already here. */
export function NewListForm({ existing, onCreate }: { existing: string[]; onCreate: (name: string) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const check = (value: string) => {
    const parsed = listNameSchema.safeParse(value.trim());
    if (!parsed.success) return parsed.error.issues[0].message;
    const clash = existing.find((n) => n.toLowerCase() === value.trim().toLowerCase());
    return clash ? `address list '${clash}' already exists` : undefined;
  };
  return (
    <form
      className="flex items-start gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const message = check(name);
        setError(message);
        if (message) return;
        onCreate(name.trim());
        setName("");
      }}
    >
      <div className="w-64">
        <Field id="new-list-name" label="New address list" error={error}>
          <TextInput
            id="new-list-name"
            value={name}
            placeholder="e.g. office"
            error={error}
            onChange={(e) => {
              setName(e.target.value);
              if (error) setError(check(e.target.value));
            }}
          />
        </Field>
      </div>
      <Button type="submit" variant="secondary" className="mt-5">
        Add list
      </Button>
    </form>
  );
}
