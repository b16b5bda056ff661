import { z } from "zod";
import { queryRows, sql } from "@/lib/db/direct-sql";
import { deploymentStatusSchema } from "./schemas";

const integer = z.number().int();

const deploymentToRunSchema = z.object({
  id: z.string(),
  routerId: z.string(),
  revisionId: z.string(),
  batchId: z.string().nullable(),
  requestedById: z.string().nullable(),
  requestedByLabel: z.string(),
  status: deploymentStatusSchema,
  /** PushPlan.hash of the plan it runs, and the live state it was planned against (not part of the shared plan). */
  planHash: z.string(),
  previewHash: z.string(),
  overrides: z.string(),
  routerName: z.string(),
  /** null when the deployment has no batch (or its batch is gone). */
  revertSeconds: integer.nullable(),
  /** Steps already written (a deployment normally starts with none). */
  stepsWritten: integer,
});
export type DeploymentToRun = z.infer<typeof deploymentToRunSchema>;

/**
 * Everything runDeployment reads before it connects, in one plain SQL statement: the deployment, its router's
 * name, its batch's revert window and how many steps it has. These were four model operations per router, and a
 * fleet push runs them for every router on the one event loop the whole push shares.
 */
export async function loadDeploymentToRun(deploymentId: string): Promise<DeploymentToRun | null> {
  const rows = await queryRows(sql`
    SELECT d."id", d."routerId", d."revisionId", d."batchId", d."requestedById", d."requestedByLabel", d."status", d."planHash", d."previewHash", d."overrides",
      r."name" AS "routerName", b."revertSeconds" AS "revertSeconds",
      (SELECT COUNT(*) FROM "DeploymentStep" s WHERE s."deploymentId" = d."id") AS "stepsWritten"
    FROM "Deployment" d
    JOIN "Router" r ON r."id" = d."routerId"
    LEFT JOIN "PushBatch" b ON b."id" = d."batchId"
    WHERE d."id" = ${deploymentId}`);
  return rows.length ? deploymentToRunSchema.parse(rows[0]) : null;
}
