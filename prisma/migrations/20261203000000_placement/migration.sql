-- AlterTable
ALTER TABLE "RouterStatus" ADD COLUMN "lastPushedPlacement" TEXT;
