-- Plans stored once by content hash and shared (issue #18); see prisma/schema.prisma, model PushPlan.
-- CreateTable
CREATE TABLE "PushPlan" (
    "hash" TEXT NOT NULL PRIMARY KEY,
    "summary" TEXT NOT NULL,
    "body" BLOB,
    "bytes" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "prunedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Deployment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "batchId" TEXT,
    "routerId" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "requestedById" TEXT,
    "requestedByLabel" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "previewHash" TEXT NOT NULL DEFAULT '',
    "planHash" TEXT NOT NULL DEFAULT '',
    "overrides" TEXT NOT NULL DEFAULT '[]',
    "opsTotal" INTEGER NOT NULL DEFAULT 0,
    "opsDone" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "routerError" TEXT,
    "rollbackOutcome" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    CONSTRAINT "Deployment_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Deployment_ruleSetId_fkey" FOREIGN KEY ("ruleSetId") REFERENCES "RuleSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Deployment_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "RuleSetRevision" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Deployment_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Deployment" ("batchId", "createdAt", "durationMs", "error", "finishedAt", "id", "opsDone", "opsTotal", "overrides", "previewHash", "requestedById", "requestedByLabel", "revisionId", "rollbackOutcome", "routerError", "routerId", "ruleSetId", "startedAt", "status") SELECT "batchId", "createdAt", "durationMs", "error", "finishedAt", "id", "opsDone", "opsTotal", "overrides", "previewHash", "requestedById", "requestedByLabel", "revisionId", "rollbackOutcome", "routerError", "routerId", "ruleSetId", "startedAt", "status" FROM "Deployment";
DROP TABLE "Deployment";
ALTER TABLE "new_Deployment" RENAME TO "Deployment";
CREATE INDEX "Deployment_routerId_createdAt_idx" ON "Deployment"("routerId", "createdAt");
CREATE INDEX "Deployment_batchId_idx" ON "Deployment"("batchId");
CREATE INDEX "Deployment_planHash_idx" ON "Deployment"("planHash");
-- Previews are not carried over: each held its own copy of a plan, and a preview is a click away (they are
-- pushable for 30 minutes only). Deployments keep theirs: the DeploymentPlan rows are moved into "PushPlan" by
-- lib/push/plan-legacy.ts at startup (hashing and compressing is not something SQL can do portably).
CREATE TABLE "new_PushPreview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "routerId" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "planHash" TEXT NOT NULL,
    "baseStateHash" TEXT NOT NULL,
    "lockout" TEXT NOT NULL DEFAULT 'null',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
DROP TABLE "PushPreview";
ALTER TABLE "new_PushPreview" RENAME TO "PushPreview";
CREATE INDEX "PushPreview_routerId_revisionId_createdAt_idx" ON "PushPreview"("routerId", "revisionId", "createdAt");
CREATE INDEX "PushPreview_createdAt_idx" ON "PushPreview"("createdAt");
CREATE INDEX "PushPreview_planHash_idx" ON "PushPreview"("planHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PushPlan_lastUsedAt_idx" ON "PushPlan"("lastUsedAt");

