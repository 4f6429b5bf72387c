// Routes a decoded request to its operation: check the envelope, find the operation, identify the
// requester when the operation needs one, and run it. Failures come back as values, together with
// what was learnt before them (language, requester), so the endpoint can answer and audit them.
import type { IncomingMessage } from "node:http";
import { PrintvaktError, toPrintvaktError } from "../../../core/errors.js";
import { operationName } from "../../../core/ipp/codec/operations.js";
import type { IppMessage } from "../../../core/ipp/codec/types.js";
import type { Requester } from "../../policy/requester.js";
import { checkEnvelope } from "../envelope.js";
import { claimedUserName, identifyRequester } from "../identify-requester.js";
import type { IppServices } from "../ipp-services.js";
import type { IppReply, IppRequest } from "../ipp-request.js";
import { OPERATIONS } from "../operations/index.js";
import { checkPrinterTarget } from "../printer-target.js";
import { baseUrisOf, isSecure, peerOf } from "./request-facts.js";

export interface Decoded {
  message: IppMessage;
  body: IppRequest["body"];
  path: string;
  /** The user named by valid HTTP Basic credentials, if any. */
  basicUser: string | undefined;
}

export type OperationOutcome = { language: string; requester: Requester | null } & ({ reply: IppReply } | { error: PrintvaktError });

export async function runOperation(request: IncomingMessage, decoded: Decoded, services: IppServices): Promise<OperationOutcome> {
  const { message, body, path, basicUser } = decoded;
  let language = "en";
  let requester: Requester | null = null;
  try {
    const operation = OPERATIONS.get(message.code);
    language = checkEnvelope(message, { targetOptional: operation === undefined }).language;
    if (!operation) {
      throw new PrintvaktError("operation-not-supported", `operation ${operationName(message.code) ?? `0x${message.code.toString(16)}`} is not supported`);
    }
    checkPrinterTarget(message);
    if (operation.requester === "person" || (operation.requester === "optional-person" && (basicUser !== undefined || claimedUserName(message) !== undefined))) {
      requester = identifyRequester(services.context.config, message, { peer: peerOf(request), secure: isSecure(request) }, basicUser);
    }
    const ippRequest: IppRequest = { message, body, peer: peerOf(request), requester, claimedUser: claimedUserName(message), ...baseUrisOf(request), path };
    return { language, requester, reply: await operation.run(ippRequest, services) };
  } catch (caught) {
    return { language, requester, error: toPrintvaktError(caught) };
  }
}
