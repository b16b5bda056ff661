-- CreateTable
CREATE TABLE "RuleHit" (
    "routerId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "packets" BIGINT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "readAt" DATETIME NOT NULL,
    "lastIncreasedAt" DATETIME,

    PRIMARY KEY ("routerId", "ruleId"),
    CONSTRAINT "RuleHit_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RuleHit_ruleId_idx" ON "RuleHit"("ruleId");

