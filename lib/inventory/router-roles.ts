import { recordAudit, type Actor } from "@/lib/audit/record";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { queryRows, sql } from "@/lib/db/direct-sql";
import { failure, fieldFailure, type Failure } from "@/lib/failure";
import { readRouterFirewall } from "@/lib/drift/router-firewall";
import { parseVendor, vendorProfile } from "@/lib/routers/profiles";
import {
  ROLE_KIND_LABELS,
  ROLE_TARGET_KINDS,
  roleKindWithArticle,
  roleMapOf,
  type RoleMap,
  type RoleMapping,
} from "@/lib/routers/roles";

/**
 * A router's interface roles (lib/routers/roles.ts), stored one row per role. Setting them replaces the whole
 * mapping in one transaction with its audit event, so a push never sees half of a change.
 */

export type RouterRolesResult = { ok: true; roles: RoleMapping } | Failure<"not_found" | "validation_failed">;

export async function getRouterRoles(routerId: string): Promise<RoleMapping | null> {
  const router = await db.router.findUnique({
    where: { id: routerId },
    select: { roles: { orderBy: { role: "asc" } } },
  });
  if (!router) return null;
  return router.roles.map((r) => ({
    role: r.role,
    target: { kind: r.targetKind as RoleMapping[number]["target"]["kind"], name: r.targetName },
  }));
}

/** The mapping a compile for this router takes (empty when the router maps nothing). */
/** Roles proposed from what the router has (its interface lists, its zones): read live, nothing saved. */
export async function proposeRouterRoles(
  routerId: string,
): Promise<{ ok: true; proposals: RoleMapping } | Failure<"not_found" | "router_error">> {
  if (!(await db.router.findUnique({ where: { id: routerId }, select: { id: true } })))
    return failure("not_found", "No router with that id.");
  const read = await readRouterFirewall(routerId);
  if (!read.ok) return failure("router_error", read.message);
  await read.session.close().catch(() => undefined);
  return { ok: true, proposals: read.planner.proposeRoles(read.live) };
}

export async function routerRoleMap(routerId: string): Promise<RoleMap> {
  // Plain SQL (lib/db/direct-sql): every preview, push and drift check of every router asks, and through the
  // model this was the one query per router of a fleet push still paying Prisma's query compiler.
  const rows = await queryRows(
    sql`SELECT "role", "targetKind" AS "kind", "targetName" AS "name" FROM "RouterRole" WHERE "routerId" = ${routerId} ORDER BY "role"`,
  );
  return roleMapOf(rows.map((r) => storedRoleSchema.parse(r)).map(({ role, ...target }) => ({ role, target })));
}

const storedRoleSchema = z.object({ role: z.string(), kind: z.enum(ROLE_TARGET_KINDS), name: z.string() });

export async function setRouterRoles(actor: Actor, routerId: string, mapping: RoleMapping): Promise<RouterRolesResult> {
  const router = await db.router.findUnique({
    where: { id: routerId },
    select: { name: true, vendor: true, roles: true },
  });
  if (!router) return failure("not_found", "No router with that id.");
  const profile = vendorProfile(parseVendor(router.vendor));
  for (const [i, r] of mapping.entries()) {
    if (!profile.roleTargets.includes(r.target.kind))
      return fieldFailure(
        "validation_failed",
        `roles.${i}.target.kind`,
        `a ${profile.label} router maps role ${r.role} to ${profile.roleTargets.map(roleKindWithArticle).join(" or ")}, not ${roleKindWithArticle(r.target.kind)}`,
      );
  }
  const was = new Map(router.roles.map((r) => [r.role, `${r.targetKind} ${r.targetName}`]));
  const now = new Map(mapping.map((r) => [r.role, `${r.target.kind} ${r.target.name}`]));
  const changed = [...new Set([...was.keys(), ...now.keys()])].filter((role) => was.get(role) !== now.get(role)).sort();
  if (changed.length > 0) {
    await db.$transaction(async (tx) => {
      await tx.routerRole.deleteMany({ where: { routerId } });
      if (mapping.length)
        await tx.routerRole.createMany({
          data: mapping.map((r) => ({
            routerId,
            role: r.role,
            targetKind: r.target.kind,
            targetName: r.target.name,
          })),
        });
      const words = changed.map((role) => {
        const to = mapping.find((r) => r.role === role);
        return to ? `${role} → ${ROLE_KIND_LABELS[to.target.kind]} ${to.target.name}` : `${role} removed`;
      });
      await recordAudit(
        {
          actor,
          action: "router.roles",
          targetType: "router",
          targetId: routerId,
          summary: `Interface roles of router '${router.name}': ${words.join(", ")}`,
          details: { before: Object.fromEntries(was), after: Object.fromEntries(now) },
        },
        tx,
      );
    });
  }
  return { ok: true, roles: (await getRouterRoles(routerId)) ?? [] };
}
