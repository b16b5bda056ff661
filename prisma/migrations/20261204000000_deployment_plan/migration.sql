-- CreateTable
CREATE TABLE "DeploymentPlan" (
    "deploymentId" TEXT NOT NULL PRIMARY KEY,
    "plan" TEXT NOT NULL,
    CONSTRAINT "DeploymentPlan_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "Deployment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Every existing deployment keeps its plan.
INSERT INTO "DeploymentPlan" ("deploymentId", "plan") SELECT "id", "plan" FROM "Deployment";

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
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

