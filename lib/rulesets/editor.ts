import type { Actor } from "@/lib/audit/record";

/**
 * Who is changing a rule set: the audit actor (user, token, CLI) plus the user the revision is credited to
 * (a token's owner), if any. The revision's authorLabel is the actor's label, so a token-made change says so.
 */
export type RuleSetActor = Actor & { userId: string | null };

export function userEditor(user: { id: string; username: string }): RuleSetActor {
  return { type: "user", id: user.id, label: user.username, userId: user.id };
}

export function principalEditor(principal: { userId: string; actor: Actor }): RuleSetActor {
  return { ...principal.actor, userId: principal.userId };
}

export function auditActor({ userId: _userId, ...actor }: RuleSetActor): Actor {
  return actor;
}
