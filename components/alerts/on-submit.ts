import type { FormEvent } from "react";

/**
 * A submit handler that keeps what was typed: a form `action` resets its fields after every submit, which would
 * clear the admin's input together with the errors shown for it.
 */
export function onSubmit(handle: (fd: FormData) => void | Promise<void>) {
  return (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void handle(new FormData(e.currentTarget));
  };
}
