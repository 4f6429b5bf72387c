// Every refused IPP request is audited with its status and its peer, as CUPS logs every rejected
// request; a request too broken to decode is recorded as "undecodable". Identical refusals are
// coalesced by the RefusalAudit (server/ipp/refusal-audit.ts), so a flood stays bounded.
import { operationName } from "../../../core/ipp/codec/operations.js";
import { statusName } from "../../../core/ipp/codec/status.js";
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
