import { Badge } from "@/components/ui/page";

const LOOK = {
  "in-sync": { tone: "green", word: "in sync", icon: "✓" },
  behind: { tone: "amber", word: "behind", icon: "↓" },
  drifted: { tone: "amber", word: "drifted", icon: "≠" },
  "never-pushed": { tone: "gray", word: "never pushed", icon: "–" },
  unreachable: { tone: "red", word: "unreachable", icon: "✕" },
} as const;

/** Sync state as colour plus icon plus word (colour-blind safe); an acknowledged drift says so. */
export function DriftBadge({
  state,
  acknowledged = false,
  differences,
}: {
  state: string;
  acknowledged?: boolean;
  differences?: number;
}) {
  const look = LOOK[state as keyof typeof LOOK] ?? LOOK["never-pushed"];
  return (
    <span className="inline-flex items-center gap-1" data-testid="drift-badge" data-state={state}>
      <Badge tone={acknowledged ? "gray" : look.tone}>
        <span aria-hidden="true" className="mr-1">
          {look.icon}
        </span>
        {look.word}
        {state === "drifted" && differences ? ` (${differences})` : ""}
      </Badge>
      {state === "drifted" && acknowledged ? <span className="text-xs text-slate-500">acknowledged</span> : null}
    </span>
  );
}
