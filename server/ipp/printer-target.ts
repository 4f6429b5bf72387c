// Which printer a request's printer-uri names (review F14). The queue answers to /ipp/print
// (ipptool, IPP Everywhere clients, the DNS-SD rp) and /printers/secure (CUPS's `lp -d secure`);
// CUPS's server-wide requests name the server itself (`lpstat -h` ipp://host/, `cancel -a`
// ipp://localhost/printers/). Any other printer — a mistyped `lp -d` — does not exist here, and a
// job for it is refused before anything is created.
import { PrintvaktError } from "../../core/errors.js";
import { firstString } from "../../core/ipp/codec/accessors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";

const QUEUE_PATH = /^\/(?:ipp\/print|printers\/secure)\/?$/i;
const SERVER_PATH = /^\/(?:printers\/?|jobs\/?|admin\/?)?$/i;
/** Operations that make a job, or check one could be made: only the queue itself takes those. */
const JOB_CREATING: ReadonlySet<number> = new Set([IppOperation.printJob, IppOperation.validateJob, IppOperation.createJob]);

export const PRINTER_NOT_FOUND = "The printer does not exist";

export function checkPrinterTarget(message: IppMessage): void {
  const printerUri = firstString(message, GroupTag.operation, "printer-uri");
  if (printerUri === undefined) return;
  let path: string;
  try {
    path = decodeURIComponent(new URL(printerUri).pathname);
  } catch {
    throw new PrintvaktError("bad-request", "printer-uri is not a URI");
  }
  if (QUEUE_PATH.test(path)) return;
  if (!JOB_CREATING.has(message.code) && SERVER_PATH.test(path)) return;
  throw new PrintvaktError("not-found", PRINTER_NOT_FOUND);
}
