// Named IPP operation ids, resolved through the `ipp` package's operations table.
import { constantsFromTable, ippTables } from "./ipp-tables.js";

/** Our constant name -> the IANA operation name. Add a line here to name another operation. */
const operationNames = {
  printJob: "Print-Job",
  printUri: "Print-URI",
  validateJob: "Validate-Job",
  createJob: "Create-Job",
  sendDocument: "Send-Document",
  sendUri: "Send-URI",
  cancelJob: "Cancel-Job",
  getJobAttributes: "Get-Job-Attributes",
  getJobs: "Get-Jobs",
  getPrinterAttributes: "Get-Printer-Attributes",
  holdJob: "Hold-Job",
  releaseJob: "Release-Job",
  restartJob: "Restart-Job",
  pausePrinter: "Pause-Printer",
  resumePrinter: "Resume-Printer",
  purgeJobs: "Purge-Jobs",
  setPrinterAttributes: "Set-Printer-Attributes",
  setJobAttributes: "Set-Job-Attributes",
  getPrinterSupportedValues: "Get-Printer-Supported-Values",
  createPrinterSubscriptions: "Create-Printer-Subscriptions",
  createJobSubscription: "Create-Job-Subscription",
  getSubscriptionAttributes: "Get-Subscription-Attributes",
  getSubscriptions: "Get-Subscriptions",
  renewSubscription: "Renew-Subscription",
  cancelSubscription: "Cancel-Subscription",
  getNotifications: "Get-Notifications",
  enablePrinter: "Enable-Printer",
  disablePrinter: "Disable-Printer",
  holdNewJobs: "Hold-New-Jobs",
  releaseHeldNewJobs: "Release-Held-New-Jobs",
  cancelCurrentJob: "Cancel-Current-Job",
  resumeJob: "Resume-Job",
  cancelDocument: "Cancel-Document",
  getDocumentAttributes: "Get-Document-Attributes",
  getDocuments: "Get-Documents",
  cancelJobs: "Cancel-Jobs",
  cancelMyJobs: "Cancel-My-Jobs",
  closeJob: "Close-Job",
  identifyPrinter: "Identify-Printer",
  validateDocument: "Validate-Document",
} as const;

export const IppOperation = constantsFromTable(ippTables.operations, operationNames, "operations");

/** The IANA name of an operation id ("Print-Job"), or undefined when the table does not know it. */
export function operationName(operationId: number): string | undefined {
  return ippTables.operations.lookup[operationId];
}
