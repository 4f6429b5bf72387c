// The IPP endpoint on the shared HTTP port. It runs before Express (no body parser may buffer a
// document) and follows one order for every request: decode with limits → check the envelope →
// identify the requester → run the operation → audit refusals → answer. The transport pieces
// (reading, limits, writing) are in ./http/; this class is the ordered pipeline.
import type { IncomingMessage, ServerResponse } from "node:http";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import { operationName } from "../../core/ipp/codec/operations.js";
import { statusName } from "../../core/ipp/codec/status.js";
import { httpStatusOf } from "../../core/error-answers.js";
import { httpStatusFor, ippStatusFor, publicMessage } from "../error-map.js";
import { BasicAuthVerifier, parseBasicAuthorization } from "./basic-auth.js";
import { auditBasicRefusal, auditRefusal } from "./http/audit-refusal.js";
import { answerUndecodable, readRequestHeader } from "./http/read-header.js";
import { ippPathOf, isSecure, peerOf } from "./http/request-facts.js";
import { closeAfter, discardUpTo, drain, refuseHttp, sendIppReply } from "./http/responses.js";
import { runOperation, type Decoded } from "./http/run-operation.js";
import { watchPace } from "./http/upload-pace.js";
import { isTrustedPeer } from "./identify-requester.js";
import type { IppServices } from "./ipp-services.js";
import type { IppReply } from "./ipp-request.js";
import { encodeReply } from "./ipp-reply-encoding.js";

export { isIppRequest } from "./http/request-facts.js";

export class IppEndpoint {
  readonly #basic: BasicAuthVerifier;

  constructor(private readonly services: IppServices) {
    this.#basic = new BasicAuthVerifier(services.context.db);
  }

  /**
   * Answers `Expect: 100-continue` only when the upload could be accepted: the size is within
   * limits and the client is trusted or brings valid credentials. Otherwise 413/401/403 before
   * a byte of the document travels.
   */
  async checkContinue(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const { config } = this.services.context;
    const length = Number(request.headers["content-length"] ?? "0");
    if (Number.isFinite(length) && length > config.maxJobBytes + config.maxIppHeaderBytes) {
      refuseHttp(response, httpStatusOf("too-large"), "The document is larger than the server accepts");
      return false;
    }
    try {
      const user = await this.#basicUser(request);
      if (user === undefined && (config.requireAuthentication || !isTrustedPeer(peerOf(request), config.trustedNetworks))) {
        throw new PrintvaktError("not-authenticated", "authentication required");
      }
    } catch (error) {
      // CUPS clients send the IPP request without waiting for 100 Continue: closing now would reset
      // the connection under their writes. Keep it, drop what they still send (bounded), so they
      // read the 401 and retry with a password.
      refuseAuth(response, toPrintvaktError(error), { keepAlive: true });
      discardUpTo(request, config.maxIppHeaderBytes);
      return false;
    }
    response.writeContinue();
    return true;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { config } = this.services.context;
    const path = ippPathOf(request);
    if (path === undefined) {
      refuseHttp(response, httpStatusOf("not-found"), "No IPP printer at this path");
      request.resume();
      return;
    }
    let basicUser: string | undefined;
    try {
      basicUser = await this.#basicUser(request);
    } catch (error) {
      await this.#refuseAuthAfterBody(request, response, request, toPrintvaktError(error));
      return;
    }
    const header = await readRequestHeader(request, { maxHeaderBytes: config.maxIppHeaderBytes, headerTimeoutMs: config.headerTimeoutMs });
    if (header.kind === "gone") return;
    if (header.kind === "undecodable") {
      await auditRefusal(this.services, { message: undefined, requester: null, peer: peerOf(request), status: ippStatusFor(header.error), errorCode: header.error.code });
      answerUndecodable(request, response, header.envelope, header.error);
      return;
    }
    const { message, body } = header;
    const stopWatching = watchPace(request, { bytesPerSecond: config.uploadMinBytesPerSecond, windowMs: config.uploadRateWindowMs });
    try {
      await this.#answer(request, response, { message, body, path, basicUser });
    } finally {
      stopWatching();
    }
  }

  /** Runs the operation and answers it, auditing a refusal. */
  async #answer(request: IncomingMessage, response: ServerResponse, decoded: Decoded): Promise<void> {
    const { config } = this.services.context;
    const { message, body, path } = decoded;
    const outcome = await runOperation(request, decoded, this.services);
    let reply: IppReply;
    let drainLimit = config.maxIppHeaderBytes;
    if ("error" in outcome) {
      const { error } = outcome;
      if (error.code === "not-authenticated") {
        await this.#refuseAuthAfterBody(request, response, body, error);
        return;
      }
      if (error.code === "internal") this.services.logger.error({ err: error, cause: String(error.cause ?? "") }, "IPP operation failed");
      reply = { status: ippStatusFor(error), statusMessage: publicMessage(error), groups: [] };
      await auditRefusal(this.services, { message, requester: outcome.requester, peer: peerOf(request), status: reply.status, errorCode: error.code });
      // A client refused as busy is to retry: it must read the answer, not a reset that closing
      // under its unread document would cause. Its document is read and dropped, up to the
      // largest one accepted, as fast as it sends it (the pace rule cuts a trickle).
      if (error.code === "too-many") drainLimit = config.maxJobBytes + config.maxIppHeaderBytes;
    } else {
      reply = outcome.reply;
    }
    this.services.logger.debug({ operation: operationName(message.code) ?? message.code, path, status: statusName(reply.status) ?? reply.status, attributes: message.groups[0]?.attributes.map((attribute) => attribute.name) }, "ipp request");
    const bytes = encodeReply(message.version, message.requestId, outcome.language, reply);
    await sendIppReply(request, response, bytes, body, drainLimit);
  }

  /** The user HTTP Basic credentials prove, or undefined without them; every refusal is audited (coalesced). */
  async #basicUser(request: IncomingMessage): Promise<string | undefined> {
    const peer = peerOf(request);
    let claimedUser: string | undefined;
    try {
      const credentials = parseBasicAuthorization(request.headers.authorization);
      if (!credentials) return undefined;
      claimedUser = credentials.username;
      const { config } = this.services.context;
      // Credentials in clear from outside the trusted networks are refused, even when correct.
      if (!isSecure(request) && !isTrustedPeer(peer, config.trustedNetworks)) {
        throw new PrintvaktError("forbidden", "send credentials only over IPPS (TLS)");
      }
      return await this.#basic.verify(credentials, peer);
    } catch (error) {
      await auditBasicRefusal(this.services, peer, toPrintvaktError(error), claimedUser);
      throw error;
    }
  }

  /**
   * 401/403 to a client that may still be sending its document (ipptool sends Print-Job without
   * `Expect: 100-continue`): what is left is read and dropped up to the same limit as a reply's
   * drain, so the client reads our answer instead of a reset connection. Beyond the limit it is cut off.
   */
  async #refuseAuthAfterBody(request: IncomingMessage, response: ServerResponse, body: AsyncIterable<unknown>, error: PrintvaktError): Promise<void> {
    const leftover = await drain(body, this.services.context.config.maxIppHeaderBytes);
    refuseAuth(response, error);
    if (!leftover.complete) closeAfter(request, response);
  }
}

function refuseAuth(response: ServerResponse, error: PrintvaktError, options: { keepAlive?: boolean } = {}): void {
  if (error.code === "not-authenticated") response.setHeader("WWW-Authenticate", 'Basic realm="Printvakt", charset="UTF-8"');
  refuseHttp(response, httpStatusFor(error), publicMessage(error), options);
}
