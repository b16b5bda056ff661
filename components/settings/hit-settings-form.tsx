"use client";

import { saveHitSettingsAction } from "@/app/(dashboard)/settings/hit-settings-actions";
import type { HitSettings } from "@/lib/hits/schemas";
import { NumberSettingForm } from "./number-setting-form";

export function HitSettingsForm({ current }: { current: HitSettings }) {
  return (
    <NumberSettingForm
      save={saveHitSettingsAction}
      testId="hit-settings-form"
      id="unusedDays"
      label="Unused after (days)"
      current={current.unusedDays}
    >
      The editor flags a rule unused when every router of its rule set was read and none saw the rule&apos;s counter
      rise for this many days. Counters are read by the health poll each time it checks a pushed router for drift, and
      at once by a router&apos;s live firewall view and by Refresh hits.
    </NumberSettingForm>
  );
}
