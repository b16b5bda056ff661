"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { Actor } from "@/lib/audit/record";
import { authorize, failureState, fieldErrorsOf, formAction, formString, type FormState } from "@/lib/auth/action";
import type { SessionUser } from "@/lib/auth/session";
import { routerFormInput } from "@/lib/inventory/router-form-input";
import { routerInputSchema } from "@/lib/inventory/router-schema";
import { createRouter, deleteRouter, loadRouterTarget, updateRouter } from "@/lib/inventory/routers";
import { testRouterSettings } from "@/lib/inventory/test-router-settings";
import { loadPollSettings } from "@/lib/health/poll-interval";
import { pollRouter } from "@/lib/health/sweep";
import { pinsHostKey } from "@/lib/routers/profiles";

const actorOf = (u: SessionUser): Actor => ({ type: "user", id: u.id, label: u.username });

// Router credentials are admin business (the roles table in README).
export const createRouterAction = formAction("admin", routerInputSchema, routerFormInput, async (input, user) => {
  const r = await createRouter(actorOf(user), input);
  if (!r.ok) return failureState(r);
  revalidatePath("/routers");
  redirect(`/routers/${r.id}`);
});

export async function updateRouterAction(prev: FormState, fd: FormData): Promise<FormState> {
  const id = formString(fd, "id");
  return formAction("admin", routerInputSchema, routerFormInput, async (input, user) => {
    const r = await updateRouter(actorOf(user), id, input);
    if (!r.ok) return failureState(r);
    revalidatePath("/routers");
    redirect(`/routers/${id}`);
  })(prev, fd);
}

export async function deleteRouterAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("admin");
  if (!auth.ok) return auth.state;
  const r = await deleteRouter(actorOf(auth.user), formString(fd, "id"));
  if (!r.ok) return { ok: false, message: r.message };
  revalidatePath("/routers");
  redirect("/routers");
}

/**
 * Tests what is typed in the form; for an existing router an empty password field means "the stored one",
 * so the secret never has to travel back to the browser. lib/inventory/stored-secret-use decides where a stored
 * secret may go and for whom; this only formats the outcome.
 */
export async function testConnectionAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const id = formString(fd, "id");
  const parsed = routerInputSchema.safeParse(routerFormInput(fd));
  if (!parsed.success)
    return { ok: false, message: "Fix the highlighted fields first.", fieldErrors: fieldErrorsOf(parsed.error) };
  const input = parsed.data;
  const result = await testRouterSettings(auth.user.role, id || null, input);
  if (result.refused) return { ...failureState(result), message: result.message };
  // Show what identity the router proved, so the admin can compare it out of band before trusting it.
  const ssh = pinsHostKey(input.vendor);
  const identity =
    result.ok && result.fingerprint
      ? ` ${ssh ? "SSH host key" : "Certificate"} ${result.fingerprint}${ssh ? (result.matchedPinnedKey ? " (matches the pinned key)" : " — pinned when you save") : ""}.`
      : "";
  return result.ok
    ? { ok: true, message: result.message + identity, data: { fingerprint: result.fingerprint ?? null } }
    : { ok: false, message: explainFailure(result.kind, result.message), data: { kind: result.kind } };
}

function explainFailure(kind: string, message: string): string {
  const lead: Record<string, string> = {
    refused: "Connection refused",
    timeout: "Timed out",
    auth: "Authentication failed",
    "tls-mismatch": "TLS certificate mismatch",
    "host-key-mismatch": "SSH host key CHANGED — refusing to connect",
    unreachable: "Unreachable",
    closed: "Connection dropped",
    "router-error": "The router answered with an error",
    protocol: "Protocol error",
  };
  return `${lead[kind] ?? "Failed"}: ${message}`;
}

export async function checkNowAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const id = formString(fd, "id");
  if (!(await loadRouterTarget(id))) return { ok: false, message: "Router not found." };
  const s = await loadPollSettings();
  const obs = await pollRouter(id, { concurrency: 1, timeoutMs: s.timeoutSeconds * 1000 });
  revalidatePath(`/routers/${id}`);
  return { ok: obs.state === "up", message: obs.error ?? `${obs.state}, ${obs.latencyMs} ms` };
}
