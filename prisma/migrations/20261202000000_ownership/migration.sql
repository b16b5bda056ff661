-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RouterAssignment" (
    "routerId" TEXT NOT NULL PRIMARY KEY,
    "ruleSetId" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assignedById" TEXT,
    "ownershipClaims" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "RouterAssignment_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RouterAssignment_ruleSetId_fkey" FOREIGN KEY ("ruleSetId") REFERENCES "RuleSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RouterAssignment" ("assignedAt", "assignedById", "routerId", "ruleSetId") SELECT "assignedAt", "assignedById", "routerId", "ruleSetId" FROM "RouterAssignment";
DROP TABLE "RouterAssignment";
ALTER TABLE "new_RouterAssignment" RENAME TO "RouterAssignment";
CREATE INDEX "RouterAssignment_ruleSetId_idx" ON "RouterAssignment"("ruleSetId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

