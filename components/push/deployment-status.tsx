import { Badge } from "@/components/ui/page";
import type { DeploymentStatus } from "@/lib/push/schemas";

type Tone = "gray" | "green" | "amber" | "red" | "blue";

/** Every status has a word as well as a colour; a new status without one fails to compile. */
const STATUS: Record<DeploymentStatus, { tone: Tone; word: string; icon: string }> = {
  queued: { tone: "gray", word: "queued", icon: "…" },
  connecting: { tone: "blue", word: "connecting", icon: "⟳" },
  applying: { tone: "blue", word: "applying", icon: "⟳" },
  verifying: { tone: "blue", word: "verifying", icon: "⟳" },
  done: { tone: "green", word: "done", icon: "✓" },
  failed: { tone: "red", word: "failed", icon: "✕" },
  "rolled-back": { tone: "amber", word: "rolled back", icon: "↺" },
  refused: { tone: "amber", word: "refused", icon: "⊘" },
  skipped: { tone: "gray", word: "skipped", icon: "–" },
  "failed-unknown": { tone: "red", word: "interrupted", icon: "?" },
};

export function DeploymentStatusBadge({ status }: { status: DeploymentStatus }) {
  const s = STATUS[status];
  return (
    <span data-testid="deployment-status" data-status={status}>
      <Badge tone={s.tone}>
        <span aria-hidden className="mr-1">
          {s.icon}
        </span>
        {s.word}
      </Badge>
    </span>
  );
}

export function isActive(status: DeploymentStatus): boolean {
  return status === "queued" || status === "connecting" || status === "applying" || status === "verifying";
}

/** "applying 12/40" while running, the op count otherwise. */
export function ProgressCell({
  status,
  opsDone,
  opsTotal,
}: {
  status: DeploymentStatus;
  opsDone: number;
  opsTotal: number;
}) {
  if (status === "applying") {
    const pct = opsTotal ? Math.round((opsDone / opsTotal) * 100) : 100;
    return (
      <div className="flex items-center gap-2" aria-label={`${opsDone} of ${opsTotal} operations applied`}>
        <div className="h-1.5 w-24 overflow-hidden rounded bg-slate-200">
          <div className="h-full bg-sky-600 transition-all" style={{ width: `${pct}%` }} />
        </div>
        <span className="text-xs tabular-nums text-slate-600">
          {opsDone}/{opsTotal}
        </span>
      </div>
    );
  }
  return (
    <span className="text-xs tabular-nums text-slate-600">
      {opsTotal} op{opsTotal === 1 ? "" : "s"}
    </span>
  );
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}
