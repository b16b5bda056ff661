import { db } from "@/lib/db/client";
import { failure, type Failure } from "@/lib/failure";
import type { z } from "zod";
import type { muteInputSchema, muteViewSchema } from "./types";

type MuteView = z.infer<typeof muteViewSchema>;

/** Mutes still in force (ended ones are history of no use: they are deleted when they are listed). */
export async function listMutes(now = new Date()): Promise<MuteView[]> {
  await db.alertMute.deleteMany({ where: { until: { lte: now } } });
  const rows = await db.alertMute.findMany({ orderBy: { until: "asc" } });
  const names = new Map(
    (
      await db.router.findMany({
        where: { id: { in: rows.flatMap((r) => (r.routerId ? [r.routerId] : [])) } },
        select: { id: true, name: true },
      })
    ).map((r) => [r.id, r.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    routerId: r.routerId,
    routerName: r.routerId ? (names.get(r.routerId) ?? null) : null,
    site: r.site,
    until: r.until.toISOString(),
    reason: r.reason,
    createdBy: r.createdBy,
  }));
}

export async function createMute(
  input: z.infer<typeof muteInputSchema>,
  by: string,
): Promise<{ ok: true; mute: MuteView } | Failure<"not_found" | "validation_failed">> {
  if (input.routerId && !(await db.router.findUnique({ where: { id: input.routerId }, select: { id: true } })))
    return failure("not_found", "router not found", [{ path: "routerId", message: "no such router" }]);
  if (input.site && !(await db.router.findFirst({ where: { site: input.site }, select: { id: true } })))
    return failure("validation_failed", `no router is in site '${input.site}'`, [
      { path: "site", message: "no router is in this site" },
    ]);
  const r = await db.alertMute.create({
    data: {
      routerId: input.routerId ?? null,
      site: input.site ?? null,
      until: new Date(input.until),
      reason: input.reason,
      createdBy: by,
    },
  });
  const name = r.routerId
    ? ((await db.router.findUnique({ where: { id: r.routerId }, select: { name: true } }))?.name ?? null)
    : null;
  return {
    ok: true,
    mute: {
      id: r.id,
      routerId: r.routerId,
      routerName: name,
      site: r.site,
      until: r.until.toISOString(),
      reason: r.reason,
      createdBy: r.createdBy,
    },
  };
}

export async function deleteMute(id: string): Promise<boolean> {
  return (await db.alertMute.deleteMany({ where: { id } })).count > 0;
}
