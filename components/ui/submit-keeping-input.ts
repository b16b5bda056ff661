import { startTransition, type FormEvent } from "react";

/**
 * A form's onSubmit that runs its action by hand: React resets a form after its `action` prop runs, and a
 * refused submission must keep what was typed.
 */
export function submitKeepingInput(action: (fd: FormData) => void) {
  return (ev: FormEvent<HTMLFormElement>) => {
    ev.preventDefault();
    const fd = new FormData(ev.currentTarget);
    startTransition(() => action(fd));
  };
}
