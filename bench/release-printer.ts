// A loopback IPP printer for bench/release.ts that timestamps the first document byte of each job (run as its own process).
//
// One HTTP server answers for many printers: /ipp/print/NAME is printer NAME. It takes Print-Job
// (and Send-Document) and stamps, with process.hrtime (CLOCK_MONOTONIC, the same clock in every
// process on the machine), the moment the first octet after the IPP attribute section arrives. Jobs
// are answered "completed" so neither Printvakt nor the CUPS ipp backend waits on the printer between
// releases. Run as a child (`--printer-child`) it reports to its parent over the IPC channel.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { encodeIppMessage } from "../core/ipp/codec/encode.js";
import { IppOperation, operationName } from "../core/ipp/codec/operations.js";
import { GroupTag, ValueTag } from "../core/ipp/codec/tags.js";
import type { IppAttribute, IppGroup, IppValue } from "../core/ipp/codec/types.js";

export type PrinterEvent =
  /** `at` is process.hrtime in nanoseconds, as a Number (exact to well below a microsecond here). */
  | { type: "first-byte"; printer: string; at: number; operation: string; jobName: string }
  | { type: "document"; printer: string; at: number; operation: string; jobName: string; userName: string; documentFormat: string; bytes: number }
  | { type: "request"; printer: string; operation: string };

export interface TimingPrinter {
  port: number;
  uri(printer: string): string;
  stop(): Promise<void>;
}

const OPERATIONS_SUPPORTED = [IppOperation.printJob, IppOperation.validateJob, IppOperation.cancelJob, IppOperation.getJobAttributes, IppOperation.getJobs, IppOperation.getPrinterAttributes];
const FORMATS = ["application/pdf", "application/octet-stream"];

const attr = (name: string, values: IppValue[]): IppAttribute => ({ name, values });
const keywords = (...values: string[]): IppValue[] => values.map((value) => ({ tag: ValueTag.keyword, value }) as IppValue);
const text = (value: string): IppValue[] => [{ tag: ValueTag.textWithoutLanguage, value } as IppValue];
const integer = (value: number): IppValue[] => [{ tag: ValueTag.integer, value } as IppValue];
const enumeration = (...values: number[]): IppValue[] => values.map((value) => ({ tag: ValueTag.enum, value }) as IppValue);
const uri = (value: string): IppValue[] => [{ tag: ValueTag.uri, value } as IppValue];

/** What the printer needs of a request: a lenient scan (CUPS's ipp backend repeats attributes, which our decoder refuses). */
interface ScannedRequest {
  version: { major: number; minor: number };
  code: number;
  requestId: number;
  /** First value of each attribute, as text (integers in decimal). */
  values: Map<string, string>;
  bodyOffset: number;
}

/** Scans the attribute section; undefined while it is not all there yet. */
function scanRequest(octets: Buffer): ScannedRequest | undefined {
  if (octets.length < 9) return undefined;
  const values = new Map<string, string>();
  let offset = 8;
  let lastName = "";
  while (offset < octets.length) {
    const tag = octets[offset]!;
    offset += 1;
    if (tag === GroupTag.endOfAttributes) {
      return { version: { major: octets[0]!, minor: octets[1]! }, code: octets.readUInt16BE(2), requestId: octets.readUInt32BE(4), values, bodyOffset: offset };
    }
    if (tag < 0x10) continue; // a group delimiter
    if (offset + 2 > octets.length) return undefined;
    const nameLength = octets.readUInt16BE(offset);
    if (offset + 2 + nameLength + 2 > octets.length) return undefined;
    const name = nameLength > 0 ? octets.toString("utf8", offset + 2, offset + 2 + nameLength) : lastName;
    offset += 2 + nameLength;
    const valueLength = octets.readUInt16BE(offset);
    if (offset + 2 + valueLength > octets.length) return undefined;
    const value = octets.subarray(offset + 2, offset + 2 + valueLength);
    offset += 2 + valueLength;
    lastName = name;
    if (nameLength > 0 && !values.has(name)) {
      values.set(name, (tag === ValueTag.integer || tag === ValueTag.enum) && value.length === 4 ? String(value.readInt32BE(0)) : value.toString("utf8"));
    }
  }
  return undefined;
}

function printerGroup(printerUri: string, name: string, startedAt: number): IppGroup {
  return {
    tag: GroupTag.printer,
    attributes: [
      attr("printer-uri-supported", uri(printerUri)),
      attr("uri-security-supported", keywords("none")),
      attr("uri-authentication-supported", keywords("none")),
      attr("printer-name", [{ tag: ValueTag.nameWithoutLanguage, value: name } as IppValue]),
      attr("printer-state", enumeration(3)),
      attr("printer-state-reasons", keywords("none")),
      attr("printer-is-accepting-jobs", [{ tag: ValueTag.boolean, value: true }]),
      attr("printer-make-and-model", text("Printvakt bench printer")),
      attr("printer-up-time", integer(Math.max(1, Math.round((Date.now() - startedAt) / 1000)))),
      attr("queued-job-count", integer(0)),
      attr("ipp-versions-supported", keywords("1.1", "2.0")),
      attr("operations-supported", enumeration(...OPERATIONS_SUPPORTED)),
      attr("charset-configured", [{ tag: ValueTag.charset, value: "utf-8" }]),
      attr("charset-supported", [{ tag: ValueTag.charset, value: "utf-8" }]),
      attr("natural-language-configured", [{ tag: ValueTag.naturalLanguage, value: "en" }]),
      attr("generated-natural-language-supported", [{ tag: ValueTag.naturalLanguage, value: "en" }]),
      attr("document-format-default", [{ tag: ValueTag.mimeMediaType, value: "application/octet-stream" }]),
      attr("document-format-supported", FORMATS.map((value) => ({ tag: ValueTag.mimeMediaType, value }) as IppValue)),
      attr("compression-supported", keywords("none")),
      attr("pdl-override-supported", keywords("attempted")),
      attr("sides-supported", keywords("one-sided")),
      attr("media-supported", keywords("iso_a4_210x297mm")),
      attr("media-default", keywords("iso_a4_210x297mm")),
      attr("copies-supported", [{ tag: ValueTag.rangeOfInteger, value: { lower: 1, upper: 99 } }]),
      attr("print-color-mode-supported", keywords("monochrome")),
      attr("page-ranges-supported", [{ tag: ValueTag.boolean, value: false }]),
      attr("job-k-octets-supported", [{ tag: ValueTag.rangeOfInteger, value: { lower: 0, upper: 1_000_000 } }]),
    ],
  };
}

function jobGroup(printerUri: string, jobId: number): IppGroup {
  return {
    tag: GroupTag.job,
    attributes: [
      attr("job-id", integer(jobId)),
      attr("job-uri", uri(`${printerUri}/${jobId}`)),
      attr("job-state", enumeration(9)),
      attr("job-state-reasons", keywords("job-completed-successfully")),
    ],
  };
}

function answer(request: ScannedRequest, status: number, groups: IppGroup[] = []): Buffer {
  return encodeIppMessage({
    version: request.version,
    code: status,
    requestId: request.requestId,
    groups: [
      {
        tag: GroupTag.operation,
        attributes: [attr("attributes-charset", [{ tag: ValueTag.charset, value: "utf-8" }]), attr("attributes-natural-language", [{ tag: ValueTag.naturalLanguage, value: "en" }])],
      },
      ...groups,
    ],
  });
}

const operationLabel = (code: number) => operationName(code) ?? `0x${code.toString(16)}`;

export async function startTimingPrinter(report: (event: PrinterEvent) => void): Promise<TimingPrinter> {
  const startedAt = Date.now();
  let nextJobId = 1;
  let port = 0;
  const printerUri = (name: string) => `ipp://127.0.0.1:${port}/ipp/print/${name}`;
  const server = http.createServer((incoming, outgoing) => {
    const name = (incoming.url ?? "/").split("/").filter((part) => part !== "").pop() ?? "default";
    let pending: Buffer[] = [];
    let header: ScannedRequest | undefined;
    let bodyBytes = 0;
    let stamped = false;
    const stamp = (at: bigint) => {
      if (stamped || header === undefined) return;
      stamped = true;
      report({ type: "first-byte", printer: name, at: Number(at), operation: operationLabel(header.code), jobName: header.values.get("job-name") ?? "" });
    };
    incoming.on("data", (chunk: Buffer) => {
      const at = process.hrtime.bigint();
      if (header !== undefined) {
        bodyBytes += chunk.length;
        if (chunk.length > 0) stamp(at);
        return;
      }
      pending.push(chunk);
      const octets = pending.length === 1 ? chunk : Buffer.concat(pending);
      pending = [octets];
      header = scanRequest(octets);
      if (header === undefined) return;
      pending = [];
      bodyBytes = octets.length - header.bodyOffset;
      if (bodyBytes > 0) stamp(at);
    });
    incoming.on("end", () => {
      const at = process.hrtime.bigint();
      if (header === undefined) return void outgoing.writeHead(400).end();
      const operation = operationLabel(header.code);
      report({ type: "request", printer: name, operation });
      let body: Buffer;
      switch (header.code) {
        case IppOperation.getPrinterAttributes:
          body = answer(header, 0, [printerGroup(printerUri(name), name, startedAt)]);
          break;
        case IppOperation.printJob: {
          const jobId = nextJobId++;
          report({ type: "document", printer: name, at: Number(at), operation, jobName: header.values.get("job-name") ?? "", userName: header.values.get("requesting-user-name") ?? "", documentFormat: header.values.get("document-format") ?? "", bytes: bodyBytes });
          body = answer(header, 0, [jobGroup(printerUri(name), jobId)]);
          break;
        }
        case IppOperation.getJobAttributes:
          body = answer(header, 0, [jobGroup(printerUri(name), Number(header.values.get("job-id") ?? "1"))]);
          break;
        case IppOperation.validateJob:
        case IppOperation.cancelJob:
        case IppOperation.getJobs:
          body = answer(header, 0);
          break;
        default:
          body = answer(header, 0x0501);
      }
      outgoing.writeHead(200, { "Content-Type": "application/ipp", "Content-Length": body.length }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port,
    uri: printerUri,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv.includes("--printer-child")) {
  const send = (message: unknown) => process.send?.(message);
  const printer = await startTimingPrinter(send);
  send({ type: "ready", port: printer.port });
  process.on("disconnect", () => void printer.stop().then(() => process.exit(0)));
}
