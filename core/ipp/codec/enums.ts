// Named values of the IPP enums the server reports (job-state, printer-state), from the `ipp` tables.
import { constantsFromTable, ippTables, type IppNameTable } from "./ipp-tables.js";

function enumTable(attributeName: string): IppNameTable {
  const table = ippTables.enums[attributeName];
  if (table === undefined) return { lookup: [] };
  return table;
}

export const JobState = constantsFromTable(
  enumTable("job-state"),
  {
    pending: "pending",
    pendingHeld: "pending-held",
    processing: "processing",
    processingStopped: "processing-stopped",
    canceled: "canceled",
    aborted: "aborted",
    completed: "completed",
  } as const,
  "job-state",
);

export const PrinterState = constantsFromTable(
  enumTable("printer-state"),
  { idle: "idle", processing: "processing", stopped: "stopped" } as const,
  "printer-state",
);
