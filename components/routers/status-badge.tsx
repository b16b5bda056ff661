import { Badge } from "@/components/ui/page";

const tone = { up: "green", degraded: "amber", down: "red", "auth-failed": "red", unknown: "gray" } as const;
const label = {
  up: "up",
  degraded: "degraded",
  down: "down",
  "auth-failed": "auth failed",
  unknown: "not checked yet",
} as const;

export type RouterState = keyof typeof tone;

export function isRouterState(s: string): s is RouterState {
  return s in tone;
}

export function StatusBadge({ state }: { state: string }) {
  const s: RouterState = isRouterState(state) ? state : "unknown";
  return (
    <Badge tone={tone[s]}>
      <span data-state={s}>{label[s]}</span>
    </Badge>
  );
}
