-- CreateTable
CREATE TABLE "PushPreview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "routerId" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByLabel" TEXT NOT NULL,
    "plan" TEXT NOT NULL,
    "baseStateHash" TEXT NOT NULL,
    "lockout" TEXT NOT NULL DEFAULT 'null',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PushBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ruleSetId" TEXT NOT NULL,
    "revisionId" TEXT NOT NULL,
    "requestedById" TEXT,
    "requestedByLabel" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "canary" INTEGER NOT NULL DEFAULT 0,
    "stopOnFailure" BOOLEAN NOT NULL DEFAULT false,
    "revertSeconds" INTEGER NOT NULL DEFAULT 60,
    "overrides" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "PushPreview_routerId_revisionId_createdAt_idx" ON "PushPreview"("routerId", "revisionId", "createdAt");

-- CreateIndex
CREATE INDEX "PushPreview_createdAt_idx" ON "PushPreview"("createdAt");

-- CreateIndex
CREATE INDEX "PushBatch_createdAt_idx" ON "PushBatch"("createdAt");

