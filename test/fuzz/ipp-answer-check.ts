// What every answer of the IPP server must look like, whatever it was sent: a well-formed IPP
// response echoing the request's version and request-id, or an HTTP 4xx.
import { expect } from "vitest";
import { IppStatus, statusName } from "../../core/ipp/codec/status.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";
import { decodeIppAnswer, type IppHttpAnswer } from "../support/ipp-http.js";

/** A well-formed IPP response to `octets`, or an HTTP 4xx (returns undefined then). */
export function checkIppAnswer(octets: Buffer, answer: IppHttpAnswer, ippStatuses: Map<number, number>): IppMessage | undefined {
  if (answer.status !== 200) {
    expect(answer.status, "HTTP status of a refusal").toBeGreaterThanOrEqual(400);
    expect(answer.status, "HTTP status of a refusal").toBeLessThan(500);
    return undefined;
  }
  expect(answer.headers["content-type"]).toBe("application/ipp");
  const message = decodeIppAnswer(answer.body);
  ippStatuses.set(message.code, (ippStatuses.get(message.code) ?? 0) + 1);
  expect(octets.length, "only an 8-octet envelope can be answered in IPP").toBeGreaterThanOrEqual(8);
  const major = octets[0]!;
  expect(message.version).toEqual(major === 1 || major === 2 ? { major, minor: octets[1] } : { major: 2, minor: 0 });
  expect(message.requestId).toBe(octets.readInt32BE(4));
  expect(statusName(message.code), `status 0x${message.code.toString(16)} is a defined IPP status`).toBeDefined();
  expect(message.code, "a request must never reach an internal error").not.toBe(IppStatus.serverErrorInternalError);
  const [operation] = message.groups;
  expect(operation?.tag).toBe(GroupTag.operation);
  expect(operation?.attributes.slice(0, 2).map((attribute) => attribute.name)).toEqual(["attributes-charset", "attributes-natural-language"]);
  return message;
}
