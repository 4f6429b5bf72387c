-- Hand-written: release idempotency keys are scoped per kiosk session (security review L3), so the
-- next person at a kiosk who sends an earlier key gets a release of their own, never the first
-- person's job ids and outcomes. Rows from before keep sessionId '' and can no longer be matched.
ALTER TABLE "ReleaseRequest" ADD COLUMN "sessionId" TEXT NOT NULL DEFAULT '';
DROP INDEX "ReleaseRequest_kioskId_key_key";
CREATE UNIQUE INDEX "ReleaseRequest_kioskId_sessionId_key_key" ON "ReleaseRequest"("kioskId", "sessionId", "key");
