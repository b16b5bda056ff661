-- AlterTable
ALTER TABLE "RouterStatus" ADD COLUMN "stateSince" DATETIME;

-- CreateTable
CREATE TABLE "RouterStateChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "routerId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "error" TEXT,
    CONSTRAINT "RouterStateChange_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RouterStateChange_routerId_at_idx" ON "RouterStateChange"("routerId", "at");

-- CreateIndex
CREATE INDEX "RouterStateChange_at_idx" ON "RouterStateChange"("at");

