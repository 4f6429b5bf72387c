-- Hand-written: people and console accounts synced from LDAP / Active Directory (issue #16).
-- AlterTable
ALTER TABLE "User" ADD COLUMN "directoryId" TEXT;
ALTER TABLE "User" ADD COLUMN "email" TEXT;
ALTER TABLE "User" ADD COLUMN "language" TEXT;
ALTER TABLE "User" ADD COLUMN "disabledAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "disabledReason" TEXT;

-- AlterTable
ALTER TABLE "AdminAccount" ADD COLUMN "directoryId" TEXT;
ALTER TABLE "AdminAccount" ADD COLUMN "directoryDn" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_directoryId_key" ON "User"("directoryId");

-- CreateIndex
CREATE UNIQUE INDEX "AdminAccount_directoryId_key" ON "AdminAccount"("directoryId");
