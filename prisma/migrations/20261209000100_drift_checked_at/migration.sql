-- AlterTable
ALTER TABLE "RouterStatus" ADD COLUMN "driftCheckedAt" DATETIME;

