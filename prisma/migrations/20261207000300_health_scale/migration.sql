-- AlterTable
ALTER TABLE "RouterStatus" ADD COLUMN "recentLatency" TEXT;
ALTER TABLE "RouterStatus" ADD COLUMN "syncedKey" TEXT;

