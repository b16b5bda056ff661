"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authorize, formAction, formString, type FormState } from "@/lib/auth/action";
import { importRuleSetFromText } from "@/lib/drift/import-text";
import { TEXT_FORMATS } from "@/lib/drift/text-formats";
import { VENDORS } from "@/lib/inventory/router-schema";
import { createRuleSet } from "@/lib/rulesets/create-rule-set";
import { createRuleSetFromTemplate } from "@/lib/rulesets/create-from-template";
import { deleteRuleSet } from "@/lib/rulesets/delete-rule-set";
import { userEditor } from "@/lib/rulesets/editor";
import { expandRuleRefs } from "@/lib/rulesets/expand-rule-refs";
import { importCheckedRuleSet } from "@/lib/rulesets/import-rule-set";
import { revertRuleSet } from "@/lib/rulesets/revert-rule-set";
import { saveRuleSet } from "@/lib/rulesets/save-rule-set";
import type { SaveResult } from "@/lib/rulesets/save-result";
import { TEMPLATE_IDS } from "@/lib/rules/templates";
import { managementAddressOf } from "@/lib/inventory/management-address";
import { runOffThread } from "@/lib/workers/pool";

const idSchema = z.string().min(1).max(64);
const saveInputSchema = z.object({
  baseRevision: z.number().int().min(0),
  name: z.string(),
  description: z.string(),
  /** JSON text of the content, unchanged rules as their ids (components/rule-editor/use-save.ts, expand-rule-refs.ts). */
  content: z.string(),
  message: z.string(),
});

function revalidateRuleSet(id?: string) {
  revalidatePath("/rule-sets");
  revalidatePath("/history");
  if (id) revalidatePath(`/rule-sets/${id}`, "layout");
}

/**
 * The editor's save. Called directly from the client component (not a form post), so it checks the session and
 * the operator role itself and returns every expected refusal as a value.
 */
export async function saveRuleSetAction(
  ruleSetId: string,
  input: { baseRevision: number; name: string; description: string; content: string; message: string },
): Promise<SaveResult> {
  const auth = await authorize("operator");
  if (!auth.ok) return { ok: false, kind: "denied", message: auth.state?.message ?? "Not allowed." };
  const id = idSchema.safeParse(ruleSetId);
  const parsed = saveInputSchema.safeParse(input);
  const sent = parsed.success ? parseJsonText(parsed.data.content) : undefined;
  if (!id.success || !parsed.success || sent === undefined) {
    return { ok: false, kind: "invalid", message: "The save request was malformed; reload the page.", issues: [] };
  }
  const content = await expandRuleRefs(id.data, parsed.data.baseRevision, sent);
  if (!content.ok) {
    return content.kind === "stale"
      ? { ok: false, kind: "stale", message: content.message, currentRevision: content.currentRevision }
      : { ok: false, kind: "invalid", message: content.message, issues: [] };
  }
  const r = await saveRuleSet(userEditor(auth.user), id.data, {
    ...parsed.data,
    content: content.content,
    storedRule: (rule) => content.expanded.has(rule),
    working: content.working,
    texts: content.texts,
  });
  // No revalidatePath here: in an action it makes Next render the whole current page again into the reply
  // (any path, next/dist revalidate.js "only revalidate if the path matches" is a TODO), i.e. send all 5,000
  // rules back to an editor that already holds them (onSaved). Every page showing revisions is dynamic
  // (requirePageUser) and is rendered afresh when opened.
  if (r.ok) return { ok: true, revision: r.revision };
  switch (r.kind) {
    case "stale":
      return { ok: false, kind: "stale", message: r.message, currentRevision: r.currentRevision };
    case "invalid":
      return { ok: false, kind: "invalid", message: r.message, issues: r.issues };
    case "unchanged":
    case "not_found":
      return { ok: false, kind: "invalid", message: r.message, issues: [] };
  }
}

/** undefined when the text is not JSON. */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const createFormSchema = z.object({
  source: z.enum(["blank", ...TEMPLATE_IDS], { error: "choose blank or a template" }),
});

/** Splits "10.0.0.1, 10.0.0.0/8\n2001:db8::1" into entries; blank pieces are dropped. */
function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** New rule set, blank or from a template; field errors come back under name, description and the template params. */
export async function createRuleSetAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const values = {
    name: formString(fd, "name"),
    description: formString(fd, "description"),
    source: formString(fd, "source"),
    trusted: formString(fd, "trusted"),
    management: formString(fd, "management"),
    lanServices: formString(fd, "lanServices"),
    lan: formString(fd, "lan"),
    wan: formString(fd, "wan"),
  };
  const source = createFormSchema.safeParse({ source: values.source });
  if (!source.success)
    return {
      ok: false,
      message: "Choose blank or a template.",
      fieldErrors: { source: "choose blank or a template" },
      values,
    };

  const editor = userEditor(auth.user);
  const r =
    source.data.source === "blank"
      ? await createRuleSet(editor, {
          name: values.name,
          description: values.description,
          content: { rules: [], addressLists: [] },
        })
      : await createRuleSetFromTemplate(editor, {
          name: values.name,
          description: values.description,
          templateId: source.data.source,
          params:
            source.data.source === "basic-edge-router"
              ? { lan: values.lan.trim(), wan: values.wan.trim() }
              : source.data.source === "block-incoming-except-trusted"
                ? {
                    trusted: splitAddresses(values.trusted),
                    management: splitAddresses(values.management),
                    lanServices: values.lanServices === "on",
                  }
                : { trusted: splitAddresses(values.trusted) },
        });
  if (!r.ok) return { ok: false, message: r.message, fieldErrors: fieldErrorsFromIssues(r.issues), values };
  revalidateRuleSet(r.id);
  redirect(`/rule-sets/${r.id}`);
}

/** "params.trusted.1" → field "trusted"; the message names the value, so the index is not needed to find it. */
function fieldErrorsFromIssues(issues: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.startsWith("params.") ? i.path.split(".")[1] : i.path === "" ? "_form" : i.path.split(".")[0];
    out[key] ??= i.message;
  }
  return out;
}

const revertFormSchema = z.object({
  id: idSchema,
  to: z.coerce.number().int().min(1),
  base: z.coerce.number().int().min(0),
});

/** Revert button on the history page: a new revision equal to revision `to`, refused if the page was stale. */
export async function revertAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const parsed = revertFormSchema.safeParse({
    id: formString(fd, "id"),
    to: formString(fd, "to"),
    base: formString(fd, "base"),
  });
  if (!parsed.success) return { ok: false, message: "The revert request was malformed; reload the page." };
  const { id, to, base } = parsed.data;
  const r = await revertRuleSet(userEditor(auth.user), id, to, base);
  revalidateRuleSet(id);
  if (r.ok)
    return {
      ok: true,
      message: `Reverted to revision ${to}; saved as revision ${r.revision}.`,
      data: { revision: r.revision },
    };
  return { ok: false, message: r.message };
}

export async function deleteRuleSetAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const id = idSchema.safeParse(formString(fd, "id"));
  if (!id.success) return { ok: false, message: "Unknown rule set." };
  const r = await deleteRuleSet(userEditor(auth.user), id.data);
  if (!r.ok) return { ok: false, message: r.message };
  revalidateRuleSet();
  redirect("/rule-sets");
}

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Import from an export file; an empty name keeps the file's own. Problems in the file are listed with their paths. */
export async function importRuleSetAction(_prev: FormState, fd: FormData): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const name = formString(fd, "importName");
  const values = { importName: name, source: "import" };
  const file = fd.get("file");
  if (!(file instanceof File) || file.size === 0)
    return {
      ok: false,
      message: "Choose an export file.",
      fieldErrors: { file: "choose a .json file exported from Rampart" },
      values,
    };
  if (file.size > MAX_IMPORT_BYTES)
    return {
      ok: false,
      message: "That file is too large.",
      fieldErrors: { file: "the file is larger than 5 MB" },
      values,
    };

  // Read and checked on a worker thread: a 10,000-rule file takes seconds (lib/rulesets/check-content.ts).
  const checked = await runOffThread("exportFile", { text: await file.text() });
  if (!checked)
    return {
      ok: false,
      message: "That file is not JSON.",
      fieldErrors: { file: "the file is not valid JSON" },
      values,
    };
  const r = await importCheckedRuleSet(userEditor(auth.user), checked, { name });
  if (!r.ok) {
    const nameIssue = r.issues.find((i) => i.path === "name");
    const fileIssues = r.issues.filter((i) => i.path !== "name");
    return {
      ok: false,
      message: r.message,
      fieldErrors: {
        ...(nameIssue ? { importName: nameIssue.message } : {}),
        ...(fileIssues.length ? { file: `${fileIssues.length} problem(s) in the file` } : {}),
      },
      values,
      data: { issues: fileIssues.slice(0, 50) },
    };
  }
  revalidateRuleSet(r.id);
  redirect(`/rule-sets/${r.id}`);
}

const importTextSchema = z.object({
  vendor: z.enum(VENDORS, { error: `choose ${VENDORS.map((v) => TEXT_FORMATS[v].label).join(" or ")}` }),
  name: z.string().trim().min(1, "give the new rule set a name").max(80, "at most 80 characters"),
  text: z.string().trim().min(1, "paste the text, or choose a file").max(4_000_000, "the text is longer than 4 MB"),
});

/**
 * A new rule set from a pasted RouterOS script or uci export. On success the rule set page lists what was not
 * imported (from the import's audit event); a text with nothing importable is refused at the text field.
 */
export const importTextAction = formAction(
  "operator",
  importTextSchema,
  (fd) => ({ vendor: formString(fd, "vendor"), name: formString(fd, "name"), text: formString(fd, "text") }),
  async (input, user) => {
    const r = await importRuleSetFromText(userEditor(user), input);
    if (!r.ok) {
      const fieldErrors: Record<string, string> = {};
      for (const i of r.issues) {
        const key = i.path === "name" || i.path === "vendor" ? i.path : i.path.startsWith("text") ? "text" : null;
        if (!key) continue;
        // "text.rules.3.dstPorts.0" -> "rule 4 in the text: …"; the message names the value itself
        const rule = /^text\.rules\.(\d+)/.exec(i.path);
        fieldErrors[key] ??= rule ? `rule ${Number(rule[1]) + 1} in the text: ${i.message}` : i.message;
      }
      // the form keeps its own text; echoing up to 4 MB back would only cost
      return {
        ok: false,
        message: Object.keys(fieldErrors).length ? "Not imported: see the highlighted field." : r.message,
        fieldErrors,
        values: {},
      };
    }
    revalidateRuleSet(r.id);
    redirect(`/rule-sets/${r.id}?imported=text`);
  },
);

/** The address the chosen router sees Rampart connect from, to pre-fill a template's management address. */
export async function managementAddressAction(routerId: string): Promise<FormState> {
  const auth = await authorize("operator");
  if (!auth.ok) return auth.state;
  const r = await managementAddressOf(routerId);
  if (!r.ok) return { ok: false, message: r.message };
  return { ok: true, message: `The router sees Rampart connect from ${r.address}.`, data: { address: r.address } };
}
