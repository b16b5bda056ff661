-- Rule hits: one record per router instead of one row per (router, rule) (issue #21.3; prisma/schema.prisma,
-- model RouterHits). Old RuleHit rows move into it at startup (lib/hits/legacy-hits.ts): the encoding is ours, not SQL's.
-- CreateTable
CREATE TABLE "RouterHits" (
    "routerId" TEXT NOT NULL PRIMARY KEY,
    "readAt" DATETIME NOT NULL,
    "rules" BLOB NOT NULL,
    CONSTRAINT "RouterHits_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

