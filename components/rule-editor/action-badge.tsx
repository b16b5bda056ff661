import { Badge } from "@/components/ui/page";
import type { Action } from "@/lib/rules/schema";

const TONE: Record<Action, "green" | "red" | "amber"> = { accept: "green", drop: "red", reject: "amber" };

/** Colour plus the word, so the action reads without colour too. */
export function ActionBadge({ action }: { action: Action }) {
  return <Badge tone={TONE[action]}>{action}</Badge>;
}
