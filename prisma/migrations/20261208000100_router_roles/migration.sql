-- CreateTable
CREATE TABLE "RouterRole" (
    "routerId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("routerId", "role"),
    CONSTRAINT "RouterRole_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

