// The -vv log parser the printer tests read: a Print-Job whose response is interrupted by another
// client's lines (cupsd's ipp backend polls on a second connection while it sends the job) still
// gets its job-id. CI run of stop 27 timed out waiting for a document ippeveprinter had printed
// and logged, because a stray line ended the response block before its job-id.
import { describe, expect, it } from "vitest";
import { attributeValues, parseIppEveLog } from "./ippeveprinter-log.js";

const printJobThenInterleavedResponse = [
  "Accepted connection from localhost",
  "localhost POST /ipp/print",
  "Request:",
  "  version=2.0",
  "  operation-id=Print-Job(0002)",
  "  request-id=5",
  "",
  "  operation-attributes-tag",
  "    attributes-charset (charset) utf-8",
  "    job-name (nameWithoutLanguage) Held report",
  "  job-attributes-tag",
  "    copies (integer) 2",
  "localhost Continue",
  "localhost Print-Job successful-ok",
  "localhost OK",
  "Response:",
  "  version=2.0",
  "  status-code=successful-ok(0000)",
  "  request-id=5",
  "",
  "  operation-attributes-tag",
  "    attributes-charset (charset) utf-8",
  // another client's thread and the job's own thread write here
  "Accepted connection from localhost",
  "[Job 1] Printing...",
  "localhost POST /ipp/print",
  "  job-attributes-tag",
  "    job-id (integer) 1",
  "    job-state (enum) pending",
  "Request:",
  "  version=2.0",
  "  operation-id=Get-Job-Attributes(0009)",
  "  request-id=6",
  "",
  "  operation-attributes-tag",
  "    job-id (integer) 1",
  "localhost Client closed connection.",
  "",
].join("\n");

describe("parseIppEveLog", () => {
  it("keeps reading a response across other threads' unindented lines", () => {
    const requests = parseIppEveLog(printJobThenInterleavedResponse);
    expect(requests.map((request) => request.operation)).toEqual(["Print-Job", "Get-Job-Attributes"]);
    const [printJob, poll] = requests;
    expect(printJob!.jobId).toBe(1);
    expect(printJob!.response?.status).toBe("successful-ok");
    expect(attributeValues(printJob!, "copies")).toEqual(["2"]);
    expect(printJob!.response?.attributes.find((attribute) => attribute.name === "job-state")).toMatchObject({
      group: "job-attributes-tag",
      value: "pending",
    });
    expect(poll!.jobId).toBe(1);
    expect(poll!.response).toBeUndefined();
  });

  it("does not carry a block's attributes past the next Request:", () => {
    const requests = parseIppEveLog(printJobThenInterleavedResponse);
    expect(requests[1]!.attributes.map((attribute) => attribute.name)).toEqual(["job-id"]);
    expect(requests[0]!.attributes.map((attribute) => attribute.name)).toEqual(["attributes-charset", "job-name", "copies"]);
  });
});
