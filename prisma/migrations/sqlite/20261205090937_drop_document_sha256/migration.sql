-- The plaintext SHA-256 of each document stayed in its row after the job was destroyed: an
-- oracle for "did this person print this exact file?" (security review M6). Nothing read it.
-- The rebuilt table's old pages are zeroed: the migrator runs with secure_delete.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "ownerName" TEXT NOT NULL,
    "ownerIdentifiedBy" TEXT NOT NULL,
    "sourceAddress" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL,
    "stateReason" TEXT NOT NULL DEFAULT '',
    "documentFormat" TEXT NOT NULL DEFAULT 'application/octet-stream',
    "sniffedFormat" TEXT,
    "sizeBytes" BIGINT NOT NULL DEFAULT 0,
    "pages" INTEGER,
    "template" TEXT NOT NULL DEFAULT '{}',
    "sealedTitle" BLOB,
    "wrappedKey" BLOB,
    "masterKeyId" TEXT,
    "spoolId" TEXT,
    "pinHash" TEXT,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "releasedAt" DATETIME,
    "releasedPrinterId" INTEGER,
    "releasedKioskId" INTEGER,
    "printerJobId" INTEGER,
    "destroyedAt" DATETIME
);
INSERT INTO "new_Job" ("destroyedAt", "documentFormat", "expiresAt", "id", "masterKeyId", "ownerIdentifiedBy", "ownerName", "pages", "pinHash", "printerJobId", "releasedAt", "releasedKioskId", "releasedPrinterId", "sealedTitle", "sizeBytes", "sniffedFormat", "sourceAddress", "spoolId", "state", "stateReason", "submittedAt", "template", "wrappedKey") SELECT "destroyedAt", "documentFormat", "expiresAt", "id", "masterKeyId", "ownerIdentifiedBy", "ownerName", "pages", "pinHash", "printerJobId", "releasedAt", "releasedKioskId", "releasedPrinterId", "sealedTitle", "sizeBytes", "sniffedFormat", "sourceAddress", "spoolId", "state", "stateReason", "submittedAt", "template", "wrappedKey" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE UNIQUE INDEX "Job_spoolId_key" ON "Job"("spoolId");
CREATE INDEX "Job_ownerName_state_idx" ON "Job"("ownerName", "state");
CREATE INDEX "Job_state_expiresAt_idx" ON "Job"("state", "expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
