-- Hand-written: a kiosk's card reader (agent) gets its own credential, apart from its screen's
-- (review M5). Only the agent may present cards. The existing tokenHash stays the SCREEN's token:
-- a token that was handed to a browser by pairing can no longer present cards after this
-- migration, and every existing kiosk's agent needs a new agent token (`printvakt kiosk token NAME`)
-- before its reader works again. Failing closed is the point: nothing tells the two apart today.
-- AlterTable
ALTER TABLE "Kiosk" ADD COLUMN "agentTokenHash" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Kiosk_agentTokenHash_key" ON "Kiosk"("agentTokenHash");
