"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { authorize, formAction, formString, type FormState } from "@/lib/auth/action";
import { acknowledgeDrift, adoptLive, checkDriftNow, importFromRouter } from "@/lib/drift";
import { userEditor } from "@/lib/rulesets/editor";

/** Drift and import on the router page: thin actions over lib/drift, each checking session and role. */

export async function checkDriftAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const id = formString(fd, "id");
  const r = await checkDriftNow(id);
  revalidatePath(`/routers/${id}`);
  if (r.state === "skipped") return { ok: false, message: `Not checked: ${r.reason}.` };
  if ("error" in r) return { ok: false, message: `Unreachable: ${r.error}` };
  return {
    ok: true,
    message:
      r.state === "drifted"
        ? `Drifted: ${r.changes} difference${r.changes === 1 ? "" : "s"}.`
        : r.state === "in-sync"
          ? "In sync with the last push."
          : "Never pushed.",
  };
}

export async function adoptAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const id = formString(fd, "id");
  const r = await adoptLive(userEditor(auth.user), id);
  if (!r.ok) return { ok: false, message: r.message };
  revalidatePath(`/routers/${id}`);
  revalidatePath(`/rule-sets/${r.ruleSetId}`);
  return {
    ok: true,
    message: `Adopted as revision ${r.revision}; ${r.drift.state === "in-sync" ? "the router is in sync" : `still ${r.drift.state}`}.`,
  };
}

export async function acknowledgeAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const id = formString(fd, "id");
  const r = await acknowledgeDrift({ type: "user", id: auth.user.id, label: auth.user.username }, id);
  if (!r.ok) return { ok: false, message: r.message };
  revalidatePath(`/routers/${id}`);
  return { ok: true, message: "Acknowledged until the router changes again." };
}

const importSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, "give the new rule set a name").max(80, "at most 80 characters"),
  takeOwnership: z.boolean(),
});

export const importFromRouterAction = formAction(
  "operator",
  importSchema,
  (fd) => ({ id: formString(fd, "id"), name: formString(fd, "name"), takeOwnership: fd.get("takeOwnership") === "on" }),
  async (input, user) => {
    const r = await importFromRouter(userEditor(user), input.id, {
      name: input.name,
      takeOwnership: input.takeOwnership,
    });
    if (!r.ok) {
      const nameIssue = r.issues?.find((i) => i.path === "name");
      return { ok: false, message: r.message, fieldErrors: nameIssue ? { name: nameIssue.message } : undefined };
    }
    revalidatePath(`/routers/${input.id}`);
    revalidatePath("/rule-sets");
    return {
      ok: true,
      message: `Imported ${r.rules} rule${r.rules === 1 ? "" : "s"} and ${r.lists} address list${r.lists === 1 ? "" : "s"}; ${r.skipped.length} item${r.skipped.length === 1 ? "" : "s"} not imported.`,
      data: { ruleSetId: r.ruleSetId, assigned: r.assigned, skipped: r.skipped },
    };
  },
);
