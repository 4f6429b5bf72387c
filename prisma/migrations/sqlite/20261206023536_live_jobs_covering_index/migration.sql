-- CreateIndex
CREATE INDEX "Job_state_ownerName_sizeBytes_idx" ON "Job"("state", "ownerName", "sizeBytes");
