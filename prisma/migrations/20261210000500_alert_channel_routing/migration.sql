-- AlterTable
ALTER TABLE "AlertChannel" ADD COLUMN "sites" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "AlertChannel" ADD COLUMN "routerIds" TEXT NOT NULL DEFAULT '[]';
