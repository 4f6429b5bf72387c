// Every refused IPP request becomes a `job.rejected` audit event with its status and its peer, as
// CUPS logs every rejected request; a request too broken to decode is recorded as "undecodable".
import { operationName } from "../../../core/ipp/codec/operations.js";
import { statusName } from "../../../core/ipp/codec/status.js";
import type { IppMessage } from "../../../core/ipp/codec/types.js";
import { auditText } from "../../audit/canonical.js";
import type { Requester } from "../../policy/requester.js";
import { appendAudit } from "../../store/audit-log.js";
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
  const claimed = message ? claimedUserName(message) : undefined;
  try {
    await services.context.db.write((tx) =>
      appendAudit(tx, {
        type: "job.rejected",
        actor: requester ? `user:${requester.username}` : null,
        subject: null,
        details: {
          operation: message ? (operationName(message.code) ?? `0x${message.code.toString(16)}`) : "undecodable",
          status: statusName(status) ?? `0x${status.toString(16)}`,
          errorCode,
          peer,
          ...(claimed !== undefined && !requester ? { claimedUser: auditText(claimed, 64) } : {}),
        },
      }),
    );
  } catch (error) {
    services.logger.error({ err: String(error) }, "could not audit a refused IPP request");
  }
}
