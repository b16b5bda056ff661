import { db } from "@/lib/db/client";

/**
 * The health list's and router page's reads as they were before issue #18 (every router, and every raw sample
 * of the last hour for the sparklines), kept only so the bench measures "before" beside "after" in one run.
 */
export async function previousFleetRead(): Promise<number> {
  const since = new Date(Date.now() - 3600_000);
  const [routers, samples] = await Promise.all([
    db.router.findMany({ orderBy: { name: "asc" }, include: { status: true } }),
    db.healthSample.findMany({
      where: { at: { gte: since } },
      orderBy: { at: "asc" },
      select: { routerId: true, latencyMs: true },
    }),
  ]);
  const spark = new Map<string, (number | null)[]>();
  for (const s of samples) {
    const arr = spark.get(s.routerId) ?? [];
    arr.push(s.latencyMs);
    spark.set(s.routerId, arr);
  }
  // The rows were built and serialised for the browser (the API's JSON).
  return JSON.stringify(routers.map((r) => ({ ...r, spark: (spark.get(r.id) ?? []).slice(-60) }))).length;
}
