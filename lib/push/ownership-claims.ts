import { z } from "zod";
import { auditInsert, systemActor } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { sql, type Sql } from "@/lib/db/direct-sql";
import type { CompileNote, OwnershipClaim, PushPlan } from "@/lib/routers/driver";
import { parseStoredJson } from "./schemas";

/**
 * Ownership claims kept with a router's assignment (import with "take ownership"): which foreign live item
 * became which rule or list of the assigned rule set. The preview hands them to the planner, which re-tags
 * those rows in place; a push that took them over clears them (they are ordinary managed rows from then on).
 * Assigning another rule set drops them (assignments.ts).
 */
const family = z.enum(["ipv4", "ipv6"]).optional();
const kind = z.enum(["filter", "address-list-entry", "nat"]);

export const ownershipClaimSchema = z.object({
  ref: z.string().min(1).max(200),
  kind,
  family,
  ruleId: z.string().nullable(),
  list: z.string().nullable(),
  fingerprint: z.string().min(1).max(128),
}) satisfies z.ZodType<OwnershipClaim>;

const claimsSchema = z.array(ownershipClaimSchema);

/** The pending claims of a router's assignment ([] when there is none, or no assignment). */
export async function pendingClaims(routerId: string): Promise<OwnershipClaim[]> {
  const a = await db.routerAssignment.findUnique({ where: { routerId }, select: { ownershipClaims: true } });
  return storedClaims(routerId, a?.ownershipClaims ?? null);
}

/** An assignment's stored claims column ([] when there is no assignment). */
export function storedClaims(routerId: string, json: string | null): OwnershipClaim[] {
  return json === null ? [] : parseStoredJson(claimsSchema, json, `assignment of router ${routerId} ownership claims`);
}

/** Stores claims for the router's current assignment, only while it is still `ruleSetId`. */
export async function saveClaims(routerId: string, ruleSetId: string, claims: OwnershipClaim[]): Promise<boolean> {
  const r = await db.routerAssignment.updateMany({
    where: { routerId, ruleSetId },
    data: { ownershipClaims: JSON.stringify(claimsSchema.parse(claims)) },
  });
  return r.count === 1;
}

/**
 * Notes for the preview: claims the plan could not honour (the row changed or vanished since the import, or the
 * rule set no longer has that rule): that row stays foreign and the rule is added beside it instead.
 */
export function unhonouredClaimNotes(claims: OwnershipClaim[], plan: PushPlan): CompileNote[] {
  const honoured = new Set((plan.claimed ?? []).map((c) => `${c.kind} ${c.family ?? ""} ${c.ref}`));
  const seen = new Set<string>();
  const notes: CompileNote[] = [];
  for (const c of claims) {
    const k = `${c.kind} ${c.family ?? ""} ${c.ref}`;
    if (honoured.has(k) || seen.has(k)) continue;
    seen.add(k);
    notes.push({
      ruleId: c.ruleId ?? `list:${c.list ?? "?"}`,
      message: `not taken over: the router's item ${c.ref} changed or is gone since the import (or the rule set no longer has it); it stays as it is${c.ruleId ? " and this rule is added beside it" : ""}`,
    });
  }
  return notes;
}

/**
 * A confirmed push: its take-overs are done. The pending claims are cleared and, when rows were taken over,
 * the audit log says so (how many, which refs), credited to the push runner like the push result itself.
 * Claims it could not honour (row changed or gone) would never hold again against a router that has moved on,
 * so all are dropped. Returned as statements for the transaction that records the push's outcome; clearing is one UPDATE that
 * touches the row only when claims are pending, instead of reading the assignment first.
 */
export function settleClaimsStatements(
  d: { id: string; routerId: string; routerName: string },
  claimed: { ref: string; kind: string; family?: string }[],
): Sql[] {
  const clear = sql`UPDATE "RouterAssignment" SET "ownershipClaims" = '[]' WHERE "routerId" = ${d.routerId} AND "ownershipClaims" <> '[]'`;
  if (claimed.length === 0) return [clear];
  const rules = claimed.filter((c) => c.kind === "filter" || c.kind === "nat").length;
  const entries = claimed.length - rules;
  const what = [
    rules ? `${rules} rule${rules === 1 ? "" : "s"}` : "",
    entries ? `${entries} address-list item${entries === 1 ? "" : "s"}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return [
    clear,
    auditInsert({
      actor: systemActor,
      action: "router.take-ownership",
      targetType: "router",
      targetId: d.routerId,
      summary: `Took over ${what} on '${d.routerName}' in place: the router's own rows are now Rampart's (marked with their rule ids), none added`,
      details: { deploymentId: d.id, claimed },
    }),
  ];
}
