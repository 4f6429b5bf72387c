// Turns an operation's reply (or an error) into the IPP response bytes.
import { attr, charset, naturalLanguage, operationGroup, text } from "../../core/ipp/codec/values.js";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import type { IppVersion } from "../../core/ipp/codec/types.js";
import type { IppReply } from "./ipp-request.js";

export function encodeReply(version: IppVersion, requestId: number, language: string, reply: IppReply): Buffer {
  const operation = [attr("attributes-charset", charset("utf-8")), attr("attributes-natural-language", naturalLanguage(language))];
  if (reply.statusMessage) operation.push(attr("status-message", text(reply.statusMessage.slice(0, 255))));
  return encodeIppMessage({ version, code: reply.status, requestId, groups: [operationGroup(operation), ...reply.groups] });
}
