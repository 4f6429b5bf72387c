// Ends a Create-Job job whose document was refused (review F5): aborted at once, key destroyed,
// audited, so a client that checks the job afterwards (CUPS's ipp backend does) sees it failed.
import type { ErrorCode, PrintvaktError } from "../../core/errors.js";
import type { Logger } from "../logger.js";
import type { Requester } from "../policy/requester.js";
import type { SpoolStore } from "../spool/spool-store.js";
import type { Database } from "../store/database.js";
import { destroyJobAndFile } from "./destroy-job.js";

/** Refusals of the document itself; a busy server or a client that went away leaves the job waiting for a resend. */
const DOCUMENT_REFUSALS: ReadonlySet<ErrorCode> = new Set(["document-format-not-supported", "compression-error", "compression-not-supported", "too-large"]);

export function refusesDocument(error: PrintvaktError): boolean {
  return DOCUMENT_REFUSALS.has(error.code);
}

export interface RefusedDocument {
  jobId: number;
  requester: Requester;
  peer: string;
  operation: string;
  error: PrintvaktError;
}

/** True when the job was aborted here; false when it had already left "incoming". */
export async function abortForRefusedDocument(services: { db: Database; spool: SpoolStore; logger: Logger }, refused: RefusedDocument): Promise<boolean> {
  const { requester, error } = refused;
  return destroyJobAndFile(services.db, services.spool, services.logger, {
    jobId: refused.jobId,
    from: ["incoming"],
    to: "refused",
    stateReason: `The document was refused: ${error.userMessage}`,
    audit: {
      type: "job.document-refused",
      actor: `user:${requester.username}`,
      details: { peer: refused.peer, operation: refused.operation, identifiedBy: requester.identifiedBy, errorCode: error.code, reason: error.userMessage },
    },
  });
}
