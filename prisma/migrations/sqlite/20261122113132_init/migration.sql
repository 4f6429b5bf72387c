-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL DEFAULT '',
    "pinHash" TEXT,
    "passwordHash" TEXT,
    "failedPins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "heldQuotaJobs" INTEGER,
    "heldQuotaBytes" BIGINT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Card" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "number" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Card_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EnrolmentCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "codeHash" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EnrolmentCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AdminAccount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Printer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "capabilities" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'unknown',
    "stateMessage" TEXT NOT NULL DEFAULT '',
    "lastCheckedAt" DATETIME,
    "holdTimeSeconds" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Kiosk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "printerId" INTEGER NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "releaseOnBadge" BOOLEAN NOT NULL DEFAULT false,
    "lastSeenAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Kiosk_printerId_fkey" FOREIGN KEY ("printerId") REFERENCES "Printer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Job" (
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
    "documentSha256" TEXT,
    "pinHash" TEXT,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "releasedAt" DATETIME,
    "releasedPrinterId" INTEGER,
    "releasedKioskId" INTEGER,
    "printerJobId" INTEGER,
    "destroyedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ReleaseRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kioskId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "jobIds" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT,
    "subject" TEXT,
    "details" TEXT NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "hash" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Card_number_key" ON "Card"("number");

-- CreateIndex
CREATE INDEX "Card_userId_idx" ON "Card"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "EnrolmentCode_codeHash_key" ON "EnrolmentCode"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "AdminAccount_username_key" ON "AdminAccount"("username");

-- CreateIndex
CREATE UNIQUE INDEX "Printer_name_key" ON "Printer"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Kiosk_name_key" ON "Kiosk"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Kiosk_tokenHash_key" ON "Kiosk"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Job_spoolId_key" ON "Job"("spoolId");

-- CreateIndex
CREATE INDEX "Job_ownerName_state_idx" ON "Job"("ownerName", "state");

-- CreateIndex
CREATE INDEX "Job_state_expiresAt_idx" ON "Job"("state", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReleaseRequest_kioskId_key_key" ON "ReleaseRequest"("kioskId", "key");

-- CreateIndex
CREATE INDEX "AuditEntry_type_at_idx" ON "AuditEntry"("type", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_subject_idx" ON "AuditEntry"("subject");
