-- AlterTable
ALTER TABLE "Job" ADD COLUMN "stateReasonCode" TEXT;
