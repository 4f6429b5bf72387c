// Builds and sends the IPP requests a desktop sends (Print-Job, Create-Job, Send-Document, Cancel-Job), for system tests.
import { firstInteger } from "../../core/ipp/codec/accessors.js";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { statusName } from "../../core/ipp/codec/status.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppAttribute } from "../../core/ipp/codec/types.js";
import { attr, bool, charset, integer, keyword, mimeMediaType, name, naturalLanguage, octets, operationGroup, uri } from "../../core/ipp/codec/values.js";
import { decodeIppAnswer, postIpp } from "./ipp-http.js";

export interface PrintAnswer {
  /** IPP status keyword, e.g. "successful-ok" or "client-error-not-found". */
  status: string;
  jobId: number | undefined;
}

let requestId = 0;

/** `localAddress`: the client's own address (another 127.x.y.z), for requests from another host. */
async function send(port: number, operation: number, attributes: IppAttribute[], document: Buffer = Buffer.alloc(0), localAddress?: string): Promise<PrintAnswer> {
  const header = encodeIppMessage({
    version: { major: 2, minor: 0 },
    code: operation,
    requestId: ++requestId,
    groups: [
      operationGroup([
        attr("attributes-charset", charset("utf-8")),
        attr("attributes-natural-language", naturalLanguage("en")),
        attr("printer-uri", uri(`ipp://127.0.0.1:${port}/ipp/print`)),
        ...attributes,
      ]),
    ],
  });
  const answer = await postIpp({ port, localAddress }, Buffer.concat([header, document]));
  if (answer.status !== 200) throw new Error(`IPP over HTTP answered ${answer.status}: ${answer.body.toString()}`);
  const message = decodeIppAnswer(answer.body);
  return { status: statusName(message.code) ?? `0x${message.code.toString(16)}`, jobId: firstInteger(message, GroupTag.job, "job-id") };
}

export interface PrintJobInput {
  user: string;
  title: string;
  document: Buffer;
  /** Default application/pdf. */
  format?: string;
  /** A release PIN sent as job-password (PWG 5100.11, encryption "none"). */
  jobPassword?: string;
  /** Sent from this address (another 127.x.y.z) rather than 127.0.0.1. */
  localAddress?: string;
}

export function printJob(port: number, input: PrintJobInput): Promise<PrintAnswer> {
  return send(
    port,
    IppOperation.printJob,
    [
      attr("requesting-user-name", name(input.user)),
      attr("job-name", name(input.title)),
      attr("document-format", mimeMediaType(input.format ?? "application/pdf")),
      ...(input.jobPassword === undefined ? [] : [attr("job-password", octets(Buffer.from(input.jobPassword))), attr("job-password-encryption", keyword("none"))]),
    ],
    input.document,
    input.localAddress,
  );
}

export function createJob(port: number, input: { user: string; title: string }): Promise<PrintAnswer> {
  return send(port, IppOperation.createJob, [attr("requesting-user-name", name(input.user)), attr("job-name", name(input.title)), attr("document-format", mimeMediaType("application/pdf"))]);
}

export function sendDocument(port: number, input: { user: string; jobId: number; document: Buffer }): Promise<PrintAnswer> {
  return send(port, IppOperation.sendDocument, [attr("job-id", integer(input.jobId)), attr("requesting-user-name", name(input.user)), attr("last-document", bool(true))], input.document);
}

export function cancelJob(port: number, input: { user: string; jobId: number }): Promise<PrintAnswer> {
  return send(port, IppOperation.cancelJob, [attr("job-id", integer(input.jobId)), attr("requesting-user-name", name(input.user))]);
}

/** Cancel-My-Jobs, Cancel-Jobs or Purge-Jobs (what `cancel -a` and `cancel -x -a` send), for all or the listed jobs. */
export function cancelOwnJobs(port: number, input: { user: string; operation: "cancelMyJobs" | "cancelJobs" | "purgeJobs"; jobIds?: number[] }): Promise<PrintAnswer> {
  const listed = input.jobIds === undefined ? [] : [attr("job-ids", ...input.jobIds.map(integer))];
  return send(port, IppOperation[input.operation], [attr("requesting-user-name", name(input.user)), ...listed]);
}
