// Whether a printer can take a job, from its last reported capabilities: a job it cannot print is
// refused at release with a reason, never sent and lost.
import type { JobRecord } from "../store/jobs.js";
import type { PrinterRecord } from "../store/printers.js";

export function refusalBeforeSending(job: JobRecord, printer: PrinterRecord): string | undefined {
  const capabilities = printer.capabilities as { formats?: string[]; maxJobBytes?: number | null };
  const format = (job.sniffedFormat ?? job.documentFormat).toLowerCase();
  if (Array.isArray(capabilities.formats) && capabilities.formats.length > 0 && !capabilities.formats.includes(format)) {
    return `${printer.name} cannot print ${format} documents`;
  }
  if (typeof capabilities.maxJobBytes === "number" && job.sizeBytes > capabilities.maxJobBytes) {
    return `${printer.name} does not take documents this large`;
  }
  return undefined;
}
