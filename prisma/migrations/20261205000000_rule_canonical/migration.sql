-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Rule" (
    "ruleSetId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "chain" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "data" TEXT NOT NULL,
    "dataCanonical" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("ruleSetId", "ruleId"),
    CONSTRAINT "Rule_ruleSetId_fkey" FOREIGN KEY ("ruleSetId") REFERENCES "RuleSet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Rule" ("action", "chain", "data", "enabled", "position", "ruleId", "ruleSetId") SELECT "action", "chain", "data", "enabled", "position", "ruleId", "ruleSetId" FROM "Rule";
DROP TABLE "Rule";
ALTER TABLE "new_Rule" RENAME TO "Rule";
CREATE INDEX "Rule_ruleSetId_position_idx" ON "Rule"("ruleSetId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

