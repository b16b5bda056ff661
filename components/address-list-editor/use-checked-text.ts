import { useState } from "react";

/**
 * A text box checked the way the server will check it: its message appears on submit (or on leaving the box,
 * where wired), then follows each keystroke until the text passes. `take()` hands over the text only when it
 * passes, and empties the box.
 */
export function useCheckedText(check: (text: string) => string | undefined) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  return {
    text,
    error,
    change(next: string) {
      setText(next);
      if (error) setError(check(next));
    },
    blur() {
      if (text.trim() !== "") setError(check(text));
    },
    take(): string | undefined {
      const message = check(text);
      setError(message);
      if (message) return undefined;
      setText("");
      return text;
    },
  };
}
