// The IPP endpoint on the shared HTTP port. It runs before Express (no body parser may buffer a
// document) and follows one order for every request: decode with limits → check the envelope →
// identify the requester → run the operation → audit refusals → answer.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { httpStatusFor, ippStatusFor, publicMessage } from "../error-map.js";
import { PrintvaktError, toPrintvaktError } from "../../core/errors.js";
import type { Requester } from "../policy/requester.js";
import { BasicAuthVerifier, parseBasicAuthorization } from "./basic-auth.js";
import { operationName } from "../../core/ipp/codec/operations.js";
import { readIppHeader } from "../../core/ipp/codec/read-header.js";
import { statusName } from "../../core/ipp/codec/status.js";
import type { IppMessage, IppVersion } from "../../core/ipp/codec/types.js";
import { checkEnvelope } from "./envelope.js";
import { claimedUserName, identifyRequester, isTrustedPeer } from "./identify-requester.js";
import type { IppServices } from "./ipp-services.js";
import type { IppReply, IppRequest } from "./ipp-request.js";
import { encodeReply } from "./ipp-reply-encoding.js";
import { OPERATIONS } from "./operations/index.js";
import { IppStatus } from "../../core/ipp/codec/status.js";

/**
 * Paths the queue answers on: /ipp/print (and its jobs), /printers/secure for `lp -h`, / for
 * `lpstat -h`, and /jobs where CUPS clients post job operations (`lp -i N`, `cancel N`).
 */
const IPP_PATH = /^\/(?:ipp\/print(?:\/\d{1,10})?|printers\/secure(?:\/\d{1,10})?|jobs(?:\/\d{1,10})?)?$/;

export function isIppRequest(request: IncomingMessage): boolean {
  return request.method === "POST" && (request.headers["content-type"] ?? "").toLowerCase().startsWith("application/ipp");
}

function peerOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? "unknown";
}

function isSecure(request: IncomingMessage): boolean {
  return Boolean((request.socket as TLSSocket).encrypted);
}

/** The host the client addressed, if it looks like a host name; otherwise our own address. */
function hostOf(request: IncomingMessage): string {
  const host = request.headers.host ?? "";
  if (/^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/.test(host)) return host;
  const address = request.socket.localAddress ?? "localhost";
  return `${address.includes(":") ? `[${address}]` : address}:${request.socket.localPort}`;
}

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
      this.#refuseHttp(response, 413, "The document is larger than the server accepts");
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
      this.#refuseAuth(response, toPrintvaktError(error), { keepAlive: true });
      discardUpTo(request, config.maxIppHeaderBytes);
      return false;
    }
    response.writeContinue();
    return true;
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "/").split("?")[0]!;
    if (!IPP_PATH.test(path)) {
      this.#refuseHttp(response, 404, "No IPP printer at this path");
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
    const header = await this.#readHeader(request, response);
    if (!header) return;
    const { message, body } = header;
    let language = "en";
    let requester: Requester | null = null;
    let reply: IppReply;
    try {
      const operation = OPERATIONS.get(message.code);
      language = checkEnvelope(message, { targetOptional: operation === undefined }).language;
      if (!operation) {
        throw new PrintvaktError("unsupported", `operation ${operationName(message.code) ?? `0x${message.code.toString(16)}`} is not supported`, {
          details: { ippStatus: IppStatus.serverErrorOperationNotSupported },
        });
      }
      if (operation.requester === "person" || (operation.requester === "optional-person" && (basicUser !== undefined || claimedUserName(message) !== undefined))) {
        requester = identifyRequester(this.services.context.config, message, peerOf(request), basicUser);
      }
      const ippRequest: IppRequest = {
        message,
        body,
        peer: peerOf(request),
        requester,
        claimedUser: claimedUserName(message),
        baseUri: `${isSecure(request) ? "ipps" : "ipp"}://${hostOf(request)}`,
        httpBaseUri: `${isSecure(request) ? "https" : "http"}://${hostOf(request)}`,
        path,
      };
      reply = await operation.run(ippRequest, this.services);
    } catch (caught) {
      const error = toPrintvaktError(caught);
      if (error.code === "not-authenticated") {
        await this.#refuseAuthAfterBody(request, response, body, error);
        return;
      }
      if (error.code === "internal") this.services.logger.error({ err: error, cause: String(error.cause ?? "") }, "IPP operation failed");
      reply = { status: ippStatusFor(error), statusMessage: publicMessage(error), groups: [] };
      await this.#auditRefusal(message, requester, peerOf(request), reply.status, error.code);
    }
    this.services.logger.debug({ operation: operationName(message.code) ?? message.code, path, status: statusName(reply.status) ?? reply.status, attributes: message.groups[0]?.attributes.map((attribute) => attribute.name) }, "ipp request");
    await this.#send(request, response, message.version, message.requestId, language, reply, body);
  }

  async #basicUser(request: IncomingMessage): Promise<string | undefined> {
    const credentials = parseBasicAuthorization(request.headers.authorization);
    if (!credentials) return undefined;
    const { config } = this.services.context;
    // Credentials in clear from outside the trusted networks are refused, even when correct.
    if (!isSecure(request) && !isTrustedPeer(peerOf(request), config.trustedNetworks)) {
      throw new PrintvaktError("forbidden", "send credentials only over IPPS (TLS)");
    }
    return this.#basic.verify(credentials);
  }

  async #readHeader(request: IncomingMessage, response: ServerResponse): Promise<{ message: IppMessage; body: IppRequest["body"] } | undefined> {
    const { config } = this.services.context;
    // Remember the first 8 octets (version, operation, request-id) to answer even a broken request.
    const first8: Buffer[] = [];
    let seen = 0;
    async function* recorded(): AsyncGenerator<Buffer> {
      for await (const chunk of request as AsyncIterable<Buffer>) {
        if (seen < 8) first8.push(chunk.subarray(0, 8 - seen));
        seen += chunk.length;
        yield chunk;
      }
    }
    // A slow client gets headerTimeout for the whole attribute section, not per byte.
    const deadline = setTimeout(() => request.destroy(new PrintvaktError("timeout", "IPP attribute section too slow")), config.headerTimeoutMs);
    const source = recorded();
    try {
      return await readIppHeader(source, { maxHeaderBytes: config.maxIppHeaderBytes });
    } catch (caught) {
      const error = toPrintvaktError(caught);
      // The decoder may refuse on the first octet (version 9): read on to the request-id, so the
      // answer is the same IPP refusal however the client's packets cut the envelope.
      while (seen < 8 && !request.socket.destroyed) {
        const step = await source.next().catch(() => ({ done: true }) as const);
        if (step.done) break;
      }
      // Nobody left to answer: the deadline cut the client off, or it went away. (request.destroyed
      // is no sign of that: a body read to its end is destroyed too, and a cut-short section must be answered.)
      if (request.socket.destroyed) return undefined;
      const envelope = Buffer.concat(first8);
      await this.#auditRefusal(undefined, null, peerOf(request), ippStatusFor(error), error.code);
      if (envelope.length < 8) {
        this.#refuseHttp(response, 400, "Not an IPP request");
      } else {
        const version = { major: envelope[0]!, minor: envelope[1]! };
        const answerVersion = version.major === 1 || version.major === 2 ? version : { major: 2, minor: 0 };
        const reply: IppReply = { status: ippStatusFor(error), statusMessage: publicMessage(error), groups: [] };
        response.setHeader("Connection", "close");
        response.writeHead(200, { "Content-Type": "application/ipp" });
        // request-id is a signed 32-bit integer (as the decoder reads it): 0x80000000 and up are negative, not unencodable.
        response.end(encodeReply(answerVersion, envelope.readInt32BE(4), "en", reply));
      }
      this.#closeAfter(request, response);
      return undefined;
    } finally {
      clearTimeout(deadline);
    }
  }

  async #send(request: IncomingMessage, response: ServerResponse, version: IppVersion, requestId: number, language: string, reply: IppReply, body: IppRequest["body"]): Promise<void> {
    const bytes = encodeReply(version, requestId, language, reply);
    // Whatever the operation did not read is drained up to a limit; beyond it the connection closes.
    const leftover = await drain(body, this.services.context.config.maxIppHeaderBytes);
    if (!leftover.complete) response.setHeader("Connection", "close");
    response.writeHead(200, { "Content-Type": "application/ipp", "Content-Length": bytes.length });
    response.end(bytes);
    if (!leftover.complete) this.#closeAfter(request, response);
  }

  async #auditRefusal(message: IppMessage | undefined, requester: Requester | null, peer: string, status: number, errorCode: string): Promise<void> {
    await this.services.refusals.record({
      peer,
      operation: message ? (operationName(message.code) ?? `0x${message.code.toString(16)}`) : "undecodable",
      status: statusName(status) ?? `0x${status.toString(16)}`,
      errorCode,
      actor: requester ? `user:${requester.username}` : null,
      claimedUser: message && !requester ? claimedUserName(message) : undefined,
    });
  }

  /**
   * 401/403 to a client that may still be sending its document (ipptool sends Print-Job without
   * `Expect: 100-continue`): what is left is read and dropped up to the same limit as in #send, so
   * the client reads our answer instead of a reset connection. Beyond the limit it is cut off.
   */
  async #refuseAuthAfterBody(request: IncomingMessage, response: ServerResponse, body: AsyncIterable<unknown>, error: PrintvaktError): Promise<void> {
    const leftover = await drain(body, this.services.context.config.maxIppHeaderBytes);
    this.#refuseAuth(response, error);
    if (!leftover.complete) this.#closeAfter(request, response);
  }

  #refuseAuth(response: ServerResponse, error: PrintvaktError, options: { keepAlive?: boolean } = {}): void {
    if (error.code === "not-authenticated") response.setHeader("WWW-Authenticate", 'Basic realm="Printvakt", charset="UTF-8"');
    this.#refuseHttp(response, httpStatusFor(error), publicMessage(error), options);
  }

  #refuseHttp(response: ServerResponse, status: number, message: string, options: { keepAlive?: boolean } = {}): void {
    if (response.headersSent) return;
    // Said explicitly: Node closes after a final answer to `Expect: 100-continue` unless told to keep it.
    response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", Connection: options.keepAlive ? "keep-alive" : "close" });
    response.end(`${message}\n`);
  }

  /** After answering early, stop reading the rest of an upload we will not use. */
  #closeAfter(request: IncomingMessage, response: ServerResponse): void {
    response.once("finish", () => {
      if (!request.complete) request.destroy();
    });
  }
}

/** Reads and drops a refused request's body in the background; past `limit` the connection goes. */
function discardUpTo(request: IncomingMessage, limit: number): void {
  let seen = 0;
  request.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) request.destroy();
  });
}

async function drain(body: AsyncIterable<unknown>, limit: number): Promise<{ complete: boolean }> {
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > limit) return { complete: false };
    }
  } catch {
    return { complete: false };
  }
  return { complete: true };
}
