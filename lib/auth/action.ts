import { z } from "zod";
import type { Failure } from "@/lib/failure";
import { roleAllows, type Role } from "./roles";
import { getSessionUser, type SessionUser } from "./session";

/** What every form action returns: field messages where they were typed, and the typed values to refill the form. */
export type FormState = {
  ok: boolean;
  message?: string;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  data?: Record<string, unknown>;
} | null;

export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    out[key] ??= issue.message;
  }
  return out;
}

/** A service's failure as form state: its issues at their fields (with a summary), or its message alone. */
export function failureState(f: Failure, summary = "Check the highlighted fields."): NonNullable<FormState> {
  if (!f.issues?.length) return { ok: false, message: f.message };
  const fieldErrors: Record<string, string> = {};
  for (const i of f.issues) fieldErrors[i.path || "_form"] ??= i.message;
  return { ok: false, message: summary, fieldErrors };
}

/**
 * A server action's arguments come from the client as it pleases: a hand-made request can pass anything where a
 * form's FormData belongs. Such a call reads as an empty form (field errors), not a TypeError (a 500).
 */
function isFormData(fd: unknown): fd is FormData {
  return typeof (fd as FormData | null)?.get === "function" && typeof (fd as FormData).entries === "function";
}

function formValues(fd: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  if (!isFormData(fd)) return values;
  // Passwords are never echoed back to the browser.
  for (const [k, v] of fd.entries())
    if (typeof v === "string" && !/password|confirm|secret|key/i.test(k) && !k.startsWith("$")) values[k] = v;
  return values;
}

export async function authorize(
  role: Role,
): Promise<{ ok: true; user: SessionUser } | { ok: false; state: FormState }> {
  const user = await getSessionUser();
  if (!user) return { ok: false, state: { ok: false, message: "Your session has ended. Sign in again." } };
  if (!roleAllows(user.role, role))
    return { ok: false, state: { ok: false, message: `This needs the ${role} role; you are ${user.role}.` } };
  return { ok: true, user };
}

/**
 * A server action is a public endpoint: it checks the session and role itself, parses the form with zod,
 * and only then runs the body. Expected failures come back as state, never as thrown errors.
 */
export function formAction<S extends z.ZodType>(
  role: Role,
  schema: S,
  toInput: (fd: FormData) => unknown,
  body: (input: z.infer<S>, user: SessionUser) => Promise<FormState>,
) {
  return async (_prev: FormState, fd: FormData): Promise<FormState> => {
    const auth = await authorize(role);
    if (!auth.ok) return auth.state;
    const parsed = schema.safeParse(toInput(fd));
    if (!parsed.success)
      return {
        ok: false,
        message: "Check the highlighted fields.",
        fieldErrors: fieldErrorsOf(parsed.error),
        values: formValues(fd),
      };
    const result = await body(parsed.data, auth.user);
    return result && !result.ok ? { values: formValues(fd), ...result } : result;
  };
}

export function formString(fd: FormData, key: string): string {
  const v = isFormData(fd) ? fd.get(key) : null;
  return typeof v === "string" ? v : "";
}

/** A number typed into a field; a blank field is NaN, so the schema refuses it instead of reading 0. */
export function formNumber(fd: FormData, key: string): number {
  const typed = formString(fd, key);
  return typed.trim() === "" ? NaN : Number(typed);
}
