"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { apiCall } from "@/components/push/api-fetch";
import type { RuleHitsView, RuleSetHits } from "@/lib/hits/schemas";

type Failed = { routerId: string; routerName: string; message: string }[];

export type RuleHitsState = {
  byRule: ReadonlyMap<string, RuleHitsView>;
  data: RuleSetHits | null;
  busy: boolean;
  error: string | null;
  failed: Failed;
  refresh: () => Promise<void>;
};

/** The rule set's hits (GET on mount); refresh() reads every assigned router now. */
export function useRuleHits(ruleSetId: string): RuleHitsState {
  const [data, setData] = useState<RuleSetHits | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [failed, setFailed] = useState<Failed>([]);
  useEffect(() => {
    let live = true;
    void apiCall<RuleSetHits>("GET", `/api/v1/rule-sets/${ruleSetId}/hits`).then((r) => {
      if (!live) return;
      if (r.ok) setData(r.data);
      else setError(r.message);
    });
    return () => {
      live = false;
    };
  }, [ruleSetId]);
  const refresh = useCallback(async () => {
    setBusy(true);
    setError(null);
    const r = await apiCall<RuleSetHits & { failed: Failed }>("POST", `/api/v1/rule-sets/${ruleSetId}/hits/refresh`);
    setBusy(false);
    if (!r.ok) return setError(r.message);
    setData(r.data);
    setFailed(r.data.failed);
  }, [ruleSetId]);
  const byRule = useMemo(() => new Map((data?.rules ?? []).map((h) => [h.ruleId, h])), [data]);
  return { byRule, data, busy, error, failed, refresh };
}
