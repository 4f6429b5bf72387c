// What every answer of the IPP server must look like, whatever it was sent: a well-formed IPP
// response echoing the request's version and request-id, or an HTTP 4xx.
//
// The checks are plain comparisons and expect() runs only when one fails: a campaign checks tens of
// thousands of answers, and ten expect() calls each (chai's assertion objects) were a tenth of its CPU time.
import { expect } from "vitest";
import { IppStatus, statusName } from "../../core/ipp/codec/status.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";
import { decodeIppAnswer, type IppHttpAnswer } from "../support/ipp-http.js";
import { expectSame } from "./fuzz-settings.js";

/** A well-formed IPP response to `octets`, or an HTTP 4xx (returns undefined then). */
export function checkIppAnswer(octets: Buffer, answer: IppHttpAnswer, ippStatuses: Map<number, number>): IppMessage | undefined {
  if (answer.status !== 200) {
    if (answer.status < 400 || answer.status >= 500) {
      expect(answer.status, "HTTP status of a refusal").toBeGreaterThanOrEqual(400);
      expect(answer.status, "HTTP status of a refusal").toBeLessThan(500);
    }
    return undefined;
  }
  expectSame(answer.headers["content-type"], "application/ipp", "content-type");
  const message = decodeIppAnswer(answer.body);
  ippStatuses.set(message.code, (ippStatuses.get(message.code) ?? 0) + 1);
  const problems = answerProblems(octets, message);
  if (problems.length > 0) expect(problems, `answer to ${octets.length} octets`).toEqual([]);
  return message;
}

function answerProblems(octets: Buffer, message: IppMessage): string[] {
  if (octets.length < 8) return [`only an 8-octet envelope can be answered in IPP, got ${octets.length} octets`];
  const problems: string[] = [];
  const major = octets[0]!;
  const version = major === 1 || major === 2 ? { major, minor: octets[1] } : { major: 2, minor: 0 };
  if (message.version.major !== version.major || message.version.minor !== version.minor) problems.push(`version ${JSON.stringify(message.version)}, expected ${JSON.stringify(version)}`);
  if (message.requestId !== octets.readInt32BE(4)) problems.push(`request-id ${message.requestId}, expected ${octets.readInt32BE(4)}`);
  if (statusName(message.code) === undefined) problems.push(`status 0x${message.code.toString(16)} is not a defined IPP status`);
  if (message.code === IppStatus.serverErrorInternalError) problems.push("a request reached an internal error");
  const [operation] = message.groups;
  if (operation?.tag !== GroupTag.operation) problems.push(`first group tag ${operation?.tag}, expected the operation group`);
  const firstNames = operation?.attributes.slice(0, 2).map((attribute) => attribute.name) ?? [];
  if (firstNames.length !== 2 || firstNames[0] !== "attributes-charset" || firstNames[1] !== "attributes-natural-language") problems.push(`first attributes ${JSON.stringify(firstNames)}, expected attributes-charset, attributes-natural-language`);
  return problems;
}
