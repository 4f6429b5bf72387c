// The table of IPP operations the queue answers, by operation id.
import { IppOperation } from "../../../core/ipp/codec/operations.js";
import type { IppOperationHandler } from "../operation.js";
import { cancelJob } from "./cancel-job.js";
import { cancelJobs } from "./cancel-jobs.js";
import { cancelMyJobs } from "./cancel-my-jobs.js";
import { closeJob } from "./close-job.js";
import { createJobOperation } from "./create-job.js";
import { getJobAttributes } from "./get-job-attributes.js";
import { getJobs } from "./get-jobs.js";
import { getPrinterAttributes } from "./get-printer-attributes.js";
import { holdJob } from "./hold-job.js";
import { identifyPrinter } from "./identify-printer.js";
import { printJob } from "./print-job.js";
import { purgeJobs } from "./purge-jobs.js";
import { releaseJob } from "./release-job.js";
import { sendDocument } from "./send-document.js";
import { setJobAttributes } from "./set-job-attributes.js";
import { validateJob } from "./validate-job.js";

export const OPERATIONS: ReadonlyMap<number, IppOperationHandler> = new Map([
  [IppOperation.printJob, printJob],
  [IppOperation.validateJob, validateJob],
  [IppOperation.createJob, createJobOperation],
  [IppOperation.sendDocument, sendDocument],
  [IppOperation.cancelJob, cancelJob],
  [IppOperation.getJobAttributes, getJobAttributes],
  [IppOperation.getJobs, getJobs],
  [IppOperation.getPrinterAttributes, getPrinterAttributes],
  [IppOperation.holdJob, holdJob],
  [IppOperation.releaseJob, releaseJob],
  [IppOperation.setJobAttributes, setJobAttributes],
  [IppOperation.cancelMyJobs, cancelMyJobs],
  [IppOperation.cancelJobs, cancelJobs],
  [IppOperation.purgeJobs, purgeJobs],
  [IppOperation.closeJob, closeJob],
  [IppOperation.identifyPrinter, identifyPrinter],
]);
