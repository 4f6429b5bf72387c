-- AlterTable
ALTER TABLE "Job" ADD COLUMN "sendStartedAt" DATETIME;
