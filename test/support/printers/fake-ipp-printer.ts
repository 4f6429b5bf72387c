// A scriptable IPP printer on loopback for driver and server tests: records every request and which
// documents it kept, answers with our encoder (or raw bytes), and plays the failure modes of real
// printers: read everything then reset, reset midway, stall, take the document a little at a time,
// busy for a while, a job that stays "processing", a job it aborts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeIppMessage } from "../../../core/ipp/codec/decode.js";
import { encodeIppMessage } from "../../../core/ipp/codec/encode.js";
import { IppOperation } from "../../../core/ipp/codec/operations.js";
import { IppStatus } from "../../../core/ipp/codec/status.js";
import { GroupTag, ValueTag } from "../../../core/ipp/codec/tags.js";
import type { IppAttribute, IppGroup, IppMessage, IppValue } from "../../../core/ipp/codec/types.js";

export interface RecordedRequest {
  message: IppMessage;
  /** The document octets after the attribute section. */
  document: Buffer;
  /** How many requests of this operation came before, counting from 0. */
  indexOfOperation: number;
  /**
   * The printer kept the whole request: it did not refuse it with an IPP or HTTP error. A kept
   * Print-Job is a complete delivery, whatever happened to the answer (reset, never sent).
   */
  kept: boolean;
}

/**
 * An answer: IPP status and groups after the operation group, raw octets, a bare HTTP status, a
 * reset after reading everything, or no answer at all (the connection stays open and silent).
 */
export type FakeAnswer = { status: number; groups?: IppGroup[] } | { raw: Buffer } | { httpStatus: number } | { reset: true } | { stall: true };

export interface FakePrinterOptions {
  formats?: string[];
  sides?: string[];
  pageRangesSupported?: boolean;
  jobKOctetsMax?: number;
  /** Listen on this port (a printer coming back where it was); a free one when unset. */
  port?: number;
  /** Resets every connection once this many request octets (header included) have arrived: a reset midway. */
  resetAfterOctets?: number;
  /** Answers Print-Job with server-error-busy until this long after the first Print-Job arrived, then accepts. */
  busyForMs?: number;
  /** Reads every Print-Job whole and never answers: the printer has the document, the driver hears nothing. */
  stall?: boolean;
  /**
   * Takes every request only a little at a time: what has arrived is read every 100 ms, so the sender
   * always sees some progress and its idle timeout never fires (review 2026-12-06, F1).
   */
  trickleRequests?: boolean;
  /** What Get-Job-Attributes reports for the job: completed unless given (state 5 keeps it processing forever, 8 aborts it). */
  jobState?: { state: number; reasons: string[] };
  /** What Get-Printer-Attributes reports (idle, no reasons unless given); read at each request, so a test may change it. */
  printerState?: { state: number; reasons: string[] };
  /** Overrides the answers above; return undefined to keep them. */
  answer?: (request: RecordedRequest) => FakeAnswer | undefined;
}

export interface FakeIppPrinter {
  uri: string;
  requests: RecordedRequest[];
  /** Requests that never arrived whole (the connection broke mid-body). */
  incompleteRequests: number;
  operations(): number[];
  /** The documents of the Print-Jobs the printer kept: each is a complete delivery that may print. */
  deliveries(): Buffer[];
  stop(): Promise<void>;
}

const keywords = (...values: string[]): IppValue[] => values.map((value) => ({ tag: ValueTag.keyword, value }));
const attribute = (name: string, values: IppValue[]): IppAttribute => ({ name, values });

function printerGroup(options: FakePrinterOptions): IppGroup {
  return {
    tag: GroupTag.printer,
    attributes: [
      attribute("printer-state", [{ tag: ValueTag.enum, value: options.printerState?.state ?? 3 }]),
      attribute("printer-state-reasons", keywords(...(options.printerState?.reasons ?? ["none"]))),
      attribute("printer-is-accepting-jobs", [{ tag: ValueTag.boolean, value: true }]),
      attribute("printer-make-and-model", [{ tag: ValueTag.textWithoutLanguage, value: "Fake Printer" }]),
      attribute("document-format-supported", (options.formats ?? ["application/pdf"]).map((value) => ({ tag: ValueTag.mimeMediaType, value }))),
      attribute("sides-supported", keywords(...(options.sides ?? ["one-sided"]))),
      attribute("media-supported", keywords("iso_a4_210x297mm")),
      attribute("copies-supported", [{ tag: ValueTag.rangeOfInteger, value: { lower: 1, upper: 99 } }]),
      attribute("print-color-mode-supported", keywords("monochrome")),
      attribute("page-ranges-supported", [{ tag: ValueTag.boolean, value: options.pageRangesSupported ?? false }]),
      attribute("job-k-octets-supported", [{ tag: ValueTag.rangeOfInteger, value: { lower: 0, upper: options.jobKOctetsMax ?? 1_000_000 } }]),
    ],
  };
}

function jobGroup(jobState: number, reasons: string[]): IppGroup {
  return {
    tag: GroupTag.job,
    attributes: [
      attribute("job-id", [{ tag: ValueTag.integer, value: 7 }]),
      attribute("job-state", [{ tag: ValueTag.enum, value: jobState }]),
      attribute("job-state-reasons", keywords(...reasons)),
    ],
  };
}

function defaultAnswer(request: RecordedRequest, options: FakePrinterOptions): FakeAnswer {
  switch (request.message.code) {
    case IppOperation.getPrinterAttributes:
      return { status: 0, groups: [printerGroup(options)] };
    case IppOperation.printJob:
      return { status: 0, groups: [jobGroup(3, ["none"])] };
    case IppOperation.getJobAttributes: {
      const { state, reasons } = options.jobState ?? { state: 9, reasons: ["job-completed-successfully"] };
      return { status: 0, groups: [jobGroup(state, reasons)] };
    }
    default:
      return { status: 0x0501 };
  }
}

function encodeAnswer(request: IppMessage, answer: { status: number; groups?: IppGroup[] }): Buffer {
  return encodeIppMessage({
    version: request.version,
    code: answer.status,
    requestId: request.requestId,
    groups: [
      {
        tag: GroupTag.operation,
        attributes: [
          attribute("attributes-charset", [{ tag: ValueTag.charset, value: "utf-8" }]),
          attribute("attributes-natural-language", [{ tag: ValueTag.naturalLanguage, value: "en" }]),
        ],
      },
      ...(answer.groups ?? []),
    ],
  });
}

/** The scripted modes that are not default answers: busy for a while, or never answering Print-Job. */
function scriptedAnswer(request: RecordedRequest, options: FakePrinterOptions, firstPrintJobAt: number): FakeAnswer | undefined {
  if (request.message.code !== IppOperation.printJob) return undefined;
  if (options.busyForMs !== undefined && Date.now() - firstPrintJobAt < options.busyForMs) return { status: IppStatus.serverErrorBusy };
  if (options.stall) return { stall: true };
  return undefined;
}

/** Whether an answer turns the request down: then the printer has not kept the document. */
function refuses(answer: FakeAnswer): boolean {
  if ("httpStatus" in answer) return answer.httpStatus !== 200;
  if ("status" in answer) return answer.status >= 0x0400;
  return false;
}

/** Paused, the request is read only on each tick (read() hands what it holds to the "data" listener). */
function readEvery(incoming: http.IncomingMessage, intervalMs: number): void {
  incoming.pause();
  const timer = setInterval(() => incoming.read(), intervalMs);
  incoming.once("close", () => clearInterval(timer));
}

export async function startFakeIppPrinter(options: FakePrinterOptions = {}): Promise<FakeIppPrinter> {
  const requests: RecordedRequest[] = [];
  const printer = { incompleteRequests: 0, firstPrintJobAt: 0 };
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    let received = 0;
    incoming.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (options.resetAfterOctets !== undefined && received >= options.resetAfterOctets) incoming.socket.resetAndDestroy();
    });
    if (options.trickleRequests) readEvery(incoming, 100);
    incoming.on("close", () => {
      if (!incoming.complete) printer.incompleteRequests += 1;
    });
    incoming.on("end", () => {
      const octets = Buffer.concat(chunks);
      const decoded = decodeIppMessage(octets, {}, { role: "request" });
      if (decoded.kind !== "complete") {
        outgoing.writeHead(400).end();
        return;
      }
      const indexOfOperation = requests.filter((earlier) => earlier.message.code === decoded.message.code).length;
      if (decoded.message.code === IppOperation.printJob && printer.firstPrintJobAt === 0) printer.firstPrintJobAt = Date.now();
      const request: RecordedRequest = { message: decoded.message, document: octets.subarray(decoded.bodyOffset), indexOfOperation, kept: true };
      requests.push(request);
      const answer = options.answer?.(request) ?? scriptedAnswer(request, options, printer.firstPrintJobAt) ?? defaultAnswer(request, options);
      request.kept = !refuses(answer);
      // Read the whole request, then drop the connection without a word: the printer has the document.
      if ("reset" in answer) return void incoming.socket.resetAndDestroy();
      // Read the whole request and say nothing, ever: only the driver's own timeouts end this.
      if ("stall" in answer) return;
      if ("httpStatus" in answer) return void outgoing.writeHead(answer.httpStatus).end();
      const body = "raw" in answer ? answer.raw : encodeAnswer(decoded.message, answer);
      outgoing.writeHead(200, { "Content-Type": "application/ipp", "Content-Length": body.length }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `ipp://127.0.0.1:${port}/ipp/print`,
    requests,
    get incompleteRequests() {
      return printer.incompleteRequests;
    },
    operations: () => requests.map((request) => request.message.code),
    deliveries: () => requests.filter((request) => request.message.code === IppOperation.printJob && request.kept).map((request) => request.document),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Names of every attribute in every group of a message, collection members not included. */
export function attributeNames(message: IppMessage): string[] {
  return message.groups.flatMap((group) => group.attributes.map((item) => item.name));
}

/** The first value of a named attribute in any group, for assertions. */
export function firstValue(message: IppMessage, name: string): unknown {
  for (const group of message.groups) {
    const found = group.attributes.find((item) => item.name === name);
    const value = found?.values[0];
    if (value !== undefined) return "value" in value ? value.value : undefined;
  }
  return undefined;
}
