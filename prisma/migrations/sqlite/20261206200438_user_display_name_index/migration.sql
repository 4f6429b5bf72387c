-- CreateIndex
CREATE INDEX "User_displayName_idx" ON "User"("displayName");
