// Every refused IPP request is audited with its status and its peer, as CUPS logs every rejected
// request; a request too broken to decode is recorded as "undecodable". Identical refusals are
// coalesced by the RefusalAudit (server/ipp/refusal-audit.ts), so a flood stays bounded.
import { operationName } from "../../../core/ipp/codec/operations.js";
import { statusName } from "../../../core/ipp/codec/status.js";
import type { PrintvaktError } from "../../../core/errors.js";
import { ippStatusFor } from "../../error-map.js";
import type { IppMessage } from "../../../core/ipp/codec/types.js";
import type { Requester } from "../../policy/requester.js";
import { claimedUserName } from "../identify-requester.js";
import type { IppServices } from "../ipp-services.js";

export interface Refusal {
  message: IppMessage | undefined;
  requester: Requester | null;
  peer: string;
  status: number;
  errorCode: string;
}

/** Records the refusal; a failure to record is logged, never thrown, so the client still gets its answer. */
export async function auditRefusal(services: IppServices, refusal: Refusal): Promise<void> {
  const { message, requester, peer, status, errorCode } = refusal;
  try {
    await services.refusals.record({
      peer,
      operation: message ? (operationName(message.code) ?? `0x${message.code.toString(16)}`) : "undecodable",
      status: statusName(status) ?? `0x${status.toString(16)}`,
      errorCode,
      actor: requester ? `user:${requester.username}` : null,
      claimedUser: message && !requester ? claimedUserName(message) : undefined,
    });
  } catch (error) {
    services.logger.error({ err: String(error) }, "could not audit a refused IPP request");
  }
}

/**
 * Records refused HTTP Basic credentials (wrong, too many tries, sent in clear) before the IPP
 * request is read: operation "authentication", the account they named as subject when it exists,
 * else the name as sent. Coalesced like every refusal, so a guessing flood stays a few entries.
 */
export async function auditBasicRefusal(services: IppServices, peer: string, error: PrintvaktError, claimedUser: string | undefined): Promise<void> {
  const account = typeof error.details?.account === "string" ? error.details.account : null;
  const status = ippStatusFor(error);
  try {
    await services.refusals.record({
      peer,
      operation: "authentication",
      status: statusName(status) ?? `0x${status.toString(16)}`,
      errorCode: error.code,
      actor: null,
      subject: account === null ? null : `user:${account}`,
      claimedUser: account === null ? claimedUser : undefined,
    });
  } catch (failure) {
    services.logger.error({ err: String(failure) }, "could not audit refused HTTP Basic credentials");
  }
}
