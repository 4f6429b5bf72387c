-- CreateIndex
CREATE INDEX "AuditEntry_type_subject_at_idx" ON "AuditEntry"("type", "subject", "at");
