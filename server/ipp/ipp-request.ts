// One decoded IPP request as operations see it: the message, its document stream, and its origin.
import type { Readable } from "node:stream";
import type { Requester } from "../policy/requester.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";

export interface IppRequest {
  message: IppMessage;
  /** The document data after the attribute section (empty for most operations). */
  body: Readable;
  /** The peer's address as the socket saw it. */
  peer: string;
  /** Who is asking, when the operation needs to know (null for anonymous read-only operations). */
  requester: Requester | null;
  /** requesting-user-name as sent, unverified (for the audit of refusals). */
  claimedUser: string | undefined;
  /** "ipp://host:port" or "ipps://host:port" as the client addressed us; job URIs are built on it. */
  baseUri: string;
  /** "http://host:port" or "https://..." for printer-more-info and friends. */
  httpBaseUri: string;
  /** The request path (/ipp/print, /printers/secure, /ipp/print/42, /). */
  path: string;
}

/** An operation's answer before encoding. */
export interface IppReply {
  status: number;
  statusMessage?: string;
  /** Groups after the operation group (unsupported, job, printer ...). */
  groups: import("../../core/ipp/codec/types.js").IppGroup[];
  /** Set by Cancel and friends: the job the reply is about, for the audit. */
  jobId?: number;
}
