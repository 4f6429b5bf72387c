-- The printers near each printer, nearest first (JSON array of ids). A plain added column: no table
-- rebuild, so the kiosks' foreign keys to Printer are never touched.
ALTER TABLE "Printer" ADD COLUMN "nearbyPrinterIds" TEXT NOT NULL DEFAULT '[]';
