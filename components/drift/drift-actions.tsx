"use client";

import Link from "next/link";
import { pushHref } from "@/components/push/push-href";
import { InlineAction } from "@/components/settings/inline-action";
import { Button, buttonClass } from "@/components/ui/button";
import type { FormState } from "@/lib/auth/action";

type Action = (prev: FormState, fd: FormData) => Promise<FormState>;

/** Overwrite (the normal previewed push of the latest revision), adopt, acknowledge, check again. */
export function DriftActions({
  routerId,
  routerName,
  ruleSetId,
  drifted,
  actions,
}: {
  routerId: string;
  routerName: string;
  ruleSetId: string | null;
  drifted: boolean;
  actions: { check: Action; adopt: Action; acknowledge: Action };
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <InlineAction action={actions.check} fields={{ id: routerId }}>
        <Button variant="secondary" size="sm" type="submit">
          Check drift now
        </Button>
      </InlineAction>
      {drifted && ruleSetId ? (
        <>
          <Link href={pushHref(ruleSetId, routerId)} className={buttonClass("primary", "sm")}>
            Overwrite (push)…
          </Link>
          <InlineAction
            action={actions.adopt}
            fields={{ id: routerId }}
            confirm={`Adopt the rules on ${routerName} as a new revision of the rule set? Changes in the latest revision that were never pushed are replaced by what the router holds.`}
          >
            <Button variant="secondary" size="sm" type="submit">
              Adopt live rules
            </Button>
          </InlineAction>
          <InlineAction action={actions.acknowledge} fields={{ id: routerId }}>
            <Button variant="secondary" size="sm" type="submit">
              Acknowledge
            </Button>
          </InlineAction>
        </>
      ) : null}
    </div>
  );
}
