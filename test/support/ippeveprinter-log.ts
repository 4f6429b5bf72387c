// Reads the request/response dumps that `ippeveprinter -vv` writes, so tests can see every attribute a printer received.
// The print command only sees job attributes; operation attributes such as job-password show up only here.

export interface LoggedAttribute {
  /** e.g. "operation-attributes-tag", "job-attributes-tag" */
  group: string;
  name: string;
  /** as ippeveprinter prints it, e.g. "integer", "1setOf keyword", "octetString" */
  syntax: string;
  /** as ippeveprinter prints it; several values are joined with "," */
  value: string;
}

export interface LoggedResponse {
  /** e.g. "successful-ok" */
  status: string;
  attributes: LoggedAttribute[];
}

export interface RecordedRequest {
  /** e.g. "Print-Job", "Create-Job", "Send-Document", "Get-Printer-Attributes" */
  operation: string;
  /** e.g. "2.0" */
  version: string;
  requestId: number;
  attributes: LoggedAttribute[];
  response: LoggedResponse | undefined;
  /** the job this request created or addressed, when there is one */
  jobId: number | undefined;
}

interface Block {
  kind: "Request" | "Response";
  header: Map<string, string>;
  attributes: LoggedAttribute[];
}

// One request or response starts at "Request:"/"Response:" and runs over the indented lines below it.
// ippeveprinter serves clients on threads, so two busy clients can interleave their lines; tests that
// read this log should keep their traffic sequential.
function readBlocks(log: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let group = "";
  for (const line of log.split("\n")) {
    if (line === "Request:" || line === "Response:") {
      current = { kind: line === "Request:" ? "Request" : "Response", header: new Map(), attributes: [] };
      blocks.push(current);
      group = "";
      continue;
    }
    if (current === undefined || line === "") continue;
    // Unindented lines ("[Job N] ..." from a job's thread, "Accepted connection from ...",
    // "localhost POST ..." from another client's thread) can land between a block's lines: a small
    // job often finishes printing before its Print-Job response is logged, and cupsd's ipp backend
    // polls on a second connection while it sends the job. They carry no attributes, so they are
    // skipped and do not end the block; only the next "Request:"/"Response:" does.
    if (!line.startsWith("  ")) continue;
    const attribute = /^ {4}(\S+) \(([^)]*)\) ?(.*)$/.exec(line);
    if (attribute !== null) {
      current.attributes.push({ group, name: attribute[1]!, syntax: attribute[2]!, value: attribute[3]! });
      continue;
    }
    const header = /^ {2}([a-z-]+)=(.*)$/.exec(line);
    if (header !== null) {
      current.header.set(header[1]!, header[2]!);
      continue;
    }
    const groupTag = /^ {2}([a-z-]+-tag)$/.exec(line);
    if (groupTag !== null) group = groupTag[1]!;
  }
  return blocks;
}

function firstNumber(attributes: LoggedAttribute[], name: string): number | undefined {
  const found = attributes.find((attribute) => attribute.name === name);
  if (found === undefined) return undefined;
  const match = /(\d+)$/.exec(found.value);
  return match === null ? undefined : Number(match[1]);
}

/** All requests in an `ippeveprinter -vv` log, in order, each with its response when one was logged. */
export function parseIppEveLog(log: string): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  for (const block of readBlocks(log)) {
    const requestId = Number(block.header.get("request-id") ?? "0");
    if (block.kind === "Request") {
      const operation = (block.header.get("operation-id") ?? "").replace(/\(.*\)$/, "");
      requests.push({
        operation,
        version: block.header.get("version") ?? "",
        requestId,
        attributes: block.attributes,
        response: undefined,
        jobId: firstNumber(block.attributes, "job-id") ?? firstNumber(block.attributes, "job-uri"),
      });
      continue;
    }
    // A response belongs to the latest unanswered request with the same request-id.
    const request = [...requests].reverse().find((r) => r.response === undefined && r.requestId === requestId);
    if (request === undefined) continue;
    request.response = {
      status: (block.header.get("status-code") ?? "").replace(/\(.*\)$/, ""),
      attributes: block.attributes,
    };
    request.jobId ??= firstNumber(block.attributes, "job-id");
  }
  return requests;
}

/** Values of every attribute with this name in a request (any group), in order. */
export function attributeValues(request: RecordedRequest, name: string): string[] {
  return request.attributes.filter((attribute) => attribute.name === name).map((attribute) => attribute.value);
}
