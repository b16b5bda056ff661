"use client";

import { useCallback, useState } from "react";
import { saveRuleSetAction } from "@/app/(dashboard)/rule-sets/actions";
import type { RuleSetContent } from "@/lib/rules/schema";
import { precheckSave } from "./precheck-save";
import { placeIssues, type SaveOutcome } from "./save-outcome";

type Options = {
  ruleSetId: string;
  name: string;
  description: string;
  /** The content the server last sent or accepted: its rules need no second check here. */
  base: RuleSetContent;
  /** The revision `base` is. */
  baseOf: number;
  onSaved: (content: RuleSetContent, revision: number) => void;
};

/**
 * Save = the schema check the server runs, on what changed since `base` (so an obviously bad set never leaves
 * the browser), then the server action with the base revision and the content as JSON text: React's own
 * argument encoding walks every value of a 5,000-rule set here and rebuilds it on the server, where
 * JSON.stringify and JSON.parse are native. Rules unchanged since `base` go as their ids alone when the save
 * is on top of `base`'s own revision (not an overwrite of a newer one): the server puts the stored rules back. Every refusal becomes an outcome the banner explains; edits are
 * never dropped, whatever the answer.
 */
export function useSave({ ruleSetId, name, description, base, baseOf, onSaved }: Options) {
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);

  const save = useCallback(
    async (content: RuleSetContent, baseRevision: number, message: string) => {
      const local = precheckSave(content, base);
      if (local.length > 0) {
        const issues = placeIssues(content, local);
        setOutcome({
          kind: "invalid",
          message: `Not saved: ${issues.length === 1 ? "1 problem needs" : `${issues.length} problems need`} fixing.`,
          issues,
        });
        return;
      }
      setSaving(true);
      try {
        const result = await saveRuleSetAction(ruleSetId, {
          baseRevision,
          name,
          description,
          content: JSON.stringify(withRuleRefs(content, base, baseRevision === baseOf)),
          message,
        });
        if (result.ok) {
          onSaved(content, result.revision);
          setOutcome({ kind: "saved", revision: result.revision });
        } else if (result.kind === "invalid") {
          setOutcome({ kind: "invalid", message: result.message, issues: placeIssues(content, result.issues) });
        } else {
          setOutcome(result);
        }
      } catch {
        // A refused request body (413) arrives here as a bare error; naming the size points at the real cause.
        const mb = new Blob([JSON.stringify(content)]).size / 1e6;
        const size =
          mb >= 1 ? ` The request was ${mb.toFixed(1)} MB, which may be over the server's request size limit.` : "";
        setOutcome({
          kind: "error",
          message: `The save did not reach the server (network or server error). Your edits are still here; try again.${size}`,
        });
      } finally {
        setSaving(false);
      }
    },
    [ruleSetId, name, description, base, baseOf, onSaved],
  );

  return { saving, outcome, setOutcome, save };
}

/** Rules still the same objects as in `base` become their ids, when the server can put them back. */
function withRuleRefs(
  content: RuleSetContent,
  base: RuleSetContent,
  onBase: boolean,
): { rules: (RuleSetContent["rules"][number] | string)[]; addressLists: RuleSetContent["addressLists"] } {
  if (!onBase) return content;
  const fromBase = new Set(base.rules);
  return { ...content, rules: content.rules.map((r) => (fromBase.has(r) ? r.id : r)) };
}
