// The IPP driver against a scriptable loopback printer: retries, refusals before sending, hostile answers, job tracking.
import { Readable } from "node:stream";
import { afterEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { IppStatus } from "../../core/ipp/codec/status.js";
import { GroupTag, ValueTag } from "../../core/ipp/codec/tags.js";
import { IppPrinter, type IppPrinterOptions } from "./ipp-printer.js";
import { attributeNames, firstValue, startFakeIppPrinter, type FakeAnswer, type FakeIppPrinter, type FakePrinterOptions } from "../../test/support/printers/fake-ipp-printer.js";
import { failingBody, jobFromBuffer, samplePdf, sha256 } from "../../test/support/printers/outgoing-job.js";

/** The 32 bytes that send the `ipp` package's parser backwards into an endless loop (signed length -5). */
const HANG_BYTES = Buffer.concat([Buffer.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x44, 0x00, 0x00, 0xff, 0xfb]), Buffer.alloc(18)]);

const FAST: IppPrinterOptions = {
  retry: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20, totalMs: 10_000 },
  pollIntervalMs: 5,
  jobTimeoutMs: 5_000,
};

let fake: FakeIppPrinter | undefined;

async function printerWith(options: FakePrinterOptions, driverOptions: IppPrinterOptions = FAST): Promise<{ fake: FakeIppPrinter; printer: IppPrinter }> {
  fake = await startFakeIppPrinter(options);
  return { fake, printer: new IppPrinter(new URL(fake.uri), driverOptions) };
}

const printJobs = (printer: FakeIppPrinter) => printer.requests.filter((request) => request.message.code === IppOperation.printJob);

function jobAnswer(jobState: number, reasons: string[]): FakeAnswer {
  return {
    status: 0,
    groups: [
      {
        tag: GroupTag.job,
        attributes: [
          { name: "job-id", values: [{ tag: ValueTag.integer, value: 7 }] },
          { name: "job-state", values: [{ tag: ValueTag.enum, value: jobState }] },
          { name: "job-state-reasons", values: reasons.map((value) => ({ tag: ValueTag.keyword, value })) },
        ],
      },
    ],
  };
}

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("IppPrinter.submit", () => {
  test("streams the document after the header and follows the job to completed", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    const document = samplePdf(1_500_000);
    const job = jobFromBuffer(document);

    const result = await printer.submit(job);

    expect(result).toEqual({ printerJobId: 7, finalState: "completed", reasons: ["job-completed-successfully"], bytesSent: document.length, documentFormat: "application/pdf" });
    const [printJob] = printJobs(fake);
    expect(sha256(printJob?.document ?? Buffer.alloc(0))).toBe(sha256(document));
    expect(fake.operations()).toEqual([IppOperation.getPrinterAttributes, IppOperation.printJob, IppOperation.getJobAttributes]);
    expect(job.progress.map((event) => event.stage)).toEqual(["sending", "sent", "processing", "completed"]);
  });

  test("sends the operation attributes in order, with the sniffed format for an octet-stream PDF", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/octet-stream", "application/pdf"] });
    await printer.submit(jobFromBuffer(samplePdf(100), { documentFormat: "application/octet-stream", userName: "alice", jobName: "Budget" }));
    const message = printJobs(fake)[0]?.message;
    expect(message?.groups[0]?.attributes.map((item) => item.name)).toEqual([
      "attributes-charset",
      "attributes-natural-language",
      "printer-uri",
      "requesting-user-name",
      "job-name",
      "document-format",
    ]);
    expect(firstValue(message!, "document-format")).toBe("application/pdf");
    expect(firstValue(message!, "requesting-user-name")).toBe("alice");
    expect(firstValue(message!, "printer-uri")).toBe(fake.uri);
  });

  test("never forwards job-hold-until or job-password*, even when the caller passes them", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    const template = { copies: 2, "job-hold-until": "indefinite", "job-password": "1234", "job-password-encryption": "none" };
    await printer.submit(jobFromBuffer(samplePdf(100), { template: template as never }));
    const names = attributeNames(printJobs(fake)[0]!.message);
    expect(names).toContain("copies");
    expect(names.filter((name) => name.startsWith("job-hold") || name.startsWith("job-password"))).toEqual([]);
  });

  test("keeps what the printer supports and drops two-sided on a simplex printer, with a note", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"], sides: ["one-sided"] });
    const result = await printer.submit(jobFromBuffer(samplePdf(100), { template: { copies: 3, sides: "two-sided-long-edge", media: "iso_a4_210x297mm", "print-color-mode": "color" } }));
    const message = printJobs(fake)[0]!.message;
    expect(firstValue(message, "copies")).toBe(3);
    expect(firstValue(message, "media")).toBe("iso_a4_210x297mm");
    expect(attributeNames(message)).not.toContain("sides");
    expect(attributeNames(message)).not.toContain("print-color-mode");
    expect(result.reasons).toEqual(["sides-not-supported", "print-color-mode-not-supported", "job-completed-successfully"]);
  });

  test("limits copies to the printer's maximum, with a note", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    const result = await printer.submit(jobFromBuffer(samplePdf(100), { template: { copies: 500 } }));
    expect(firstValue(printJobs(fake)[0]!.message, "copies")).toBe(99);
    expect(result.reasons).toContain("copies-limited-to-99");
  });

  test("retries server-error-busy with a fresh body each time, then succeeds", async () => {
    const { fake, printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => (request.message.code === IppOperation.printJob && request.indexOfOperation < 2 ? { status: IppStatus.serverErrorBusy } : undefined),
    });
    const document = samplePdf(400_000);
    const job = jobFromBuffer(document);

    const result = await printer.submit(job);

    expect(result.finalState).toBe("completed");
    expect(printJobs(fake).map((request) => sha256(request.document))).toEqual([sha256(document), sha256(document), sha256(document)]);
    expect(job.bodiesOpened()).toBe(3);
    expect(job.progress.filter((event) => event.stage === "retrying")).toEqual([
      { stage: "retrying", attempt: 2, delayMs: 5, reason: "printer-busy" },
      { stage: "retrying", attempt: 3, delayMs: 10, reason: "printer-busy" },
    ]);
  });

  test("a reset after the printer read the whole document is never resent: one delivery, outcome unknown (D2)", async () => {
    const { fake, printer } = await printerWith({ answer: (request) => (request.message.code === IppOperation.printJob ? { reset: true } : undefined) });
    const pdf = samplePdf(5_000);
    const job = jobFromBuffer(pdf);
    const failure = await printer.submit(job).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "connection-reset" } });
    expect((failure as PrintvaktError).details?.["retryable"]).not.toBe(true);
    expect(printJobs(fake)).toHaveLength(1);
    expect(sha256(printJobs(fake)[0]?.document ?? Buffer.alloc(0))).toBe(sha256(pdf));
  });

  test("a reset midway through the document is never resent: zero complete deliveries, outcome unknown (D2)", async () => {
    const { fake, printer } = await printerWith({ resetAfterOctets: 64 * 1024 });
    const failure = await printer.submit(jobFromBuffer(samplePdf(1_000_000))).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "connection-reset" } });
    expect((failure as PrintvaktError).details?.["retryable"]).not.toBe(true);
    expect(printJobs(fake)).toHaveLength(0);
    // The Get-Printer-Attributes probe is one connection; the Print-Job exactly one more, never a second.
    expect(fake.incompleteRequests).toBe(1);
  });

  test("a printer that stays busy is unavailable after the bounded attempts", async () => {
    const { fake, printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => (request.message.code === IppOperation.printJob ? { status: IppStatus.serverErrorBusy } : undefined),
    });
    await expect(printer.submit(jobFromBuffer(samplePdf(100)))).rejects.toMatchObject({ code: "unavailable", details: { reason: "printer-busy", attempts: 4 } });
    expect(printJobs(fake)).toHaveLength(4);
  });

  test("HTTP 503 counts as busy too", async () => {
    const { fake, printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => (request.message.code === IppOperation.printJob && request.indexOfOperation === 0 ? { httpStatus: 503 } : undefined),
    });
    expect((await printer.submit(jobFromBuffer(samplePdf(100)))).finalState).toBe("completed");
    expect(printJobs(fake)).toHaveLength(2);
  });

  test("a printer that is down is unavailable (printer offline) after bounded retries, no body opened", async () => {
    const { fake, printer } = await printerWith({});
    await fake.stop();
    const job = jobFromBuffer(samplePdf(100));
    const failure = await printer.submit(job).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PrintvaktError);
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "printer-offline", attempts: 4 } });
    expect((failure as PrintvaktError).message).toMatch(/printer offline/);
    expect(job.progress.filter((event) => event.stage === "retrying")).toHaveLength(3);
    expect(job.bodiesOpened()).toBe(0);
  });

  test("a format the printer lacks is unsupported and nothing is sent", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    const job = jobFromBuffer(Buffer.from("RaS2PwgRaster\0\0\0", "latin1"), { documentFormat: "application/octet-stream" });
    await expect(printer.submit(job)).rejects.toMatchObject({ code: "unsupported", details: { reason: "document-format-not-supported", documentFormat: "image/pwg-raster" } });
    expect(fake.operations()).toEqual([IppOperation.getPrinterAttributes]);
    expect(job.bodiesOpened()).toBe(0);
  });

  test("an unrecognised octet-stream document goes only to printers that take octet-stream", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    await expect(printer.submit(jobFromBuffer(Buffer.from("plain text"), { documentFormat: "application/octet-stream" }))).rejects.toMatchObject({ code: "unsupported" });
    expect(printJobs(fake)).toEqual([]);
  });

  test("a document over the printer's job-k-octets-supported is unsupported and nothing is sent", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"], jobKOctetsMax: 100 });
    await expect(printer.submit(jobFromBuffer(samplePdf(200_000)))).rejects.toMatchObject({ code: "unsupported", details: { reason: "document-too-large", maxJobBytes: 102_400 } });
    expect(printJobs(fake)).toEqual([]);
  });

  test("page ranges on a printer without page-ranges are refused rather than printing every page", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"], pageRangesSupported: false });
    const job = jobFromBuffer(samplePdf(100), { template: { "page-ranges": [{ lower: 2, upper: 3 }] } });
    await expect(printer.submit(job)).rejects.toMatchObject({ code: "unsupported", details: { attribute: "page-ranges" } });
    expect(printJobs(fake)).toEqual([]);
  });

  test("page ranges are sent as rangeOfInteger when supported", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"], pageRangesSupported: true });
    await printer.submit(jobFromBuffer(samplePdf(100), { template: { "page-ranges": [{ lower: 1, upper: 2 }, { lower: 5, upper: 5 }] } }));
    const pageRanges = printJobs(fake)[0]!.message.groups.flatMap((group) => group.attributes).find((item) => item.name === "page-ranges");
    expect(pageRanges?.values).toEqual([
      { tag: ValueTag.rangeOfInteger, value: { lower: 1, upper: 2 } },
      { tag: ValueTag.rangeOfInteger, value: { lower: 5, upper: 5 } },
    ]);
  });

  test("an invalid template value is the caller's bad request, before anything is sent", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    await expect(printer.submit(jobFromBuffer(samplePdf(100), { template: { copies: 0 } }))).rejects.toMatchObject({ code: "bad-request" });
    expect(printJobs(fake)).toEqual([]);
  });

  test("a printer refusing the format after all is unsupported, not retried", async () => {
    const { fake, printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => (request.message.code === IppOperation.printJob ? { status: IppStatus.clientErrorDocumentFormatNotSupported } : undefined),
    });
    await expect(printer.submit(jobFromBuffer(samplePdf(100)))).rejects.toMatchObject({ code: "unsupported", details: { reason: "document-format-not-supported" } });
    expect(printJobs(fake)).toHaveLength(1);
  });

  test("a document stream that fails mid-way aborts the upload: the printer never gets a whole request", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    const failure = new PrintvaktError("internal", "authentication tag mismatch");
    const job = jobFromBuffer(samplePdf(100), { openBody: failingBody(Buffer.alloc(300_000, 9), failure) });
    await expect(printer.submit(job)).rejects.toBe(failure);
    expect(printJobs(fake)).toEqual([]);
    await expect.poll(() => fake.incompleteRequests).toBe(1);
  });

  test("follows the job through processing to aborted, reporting each change once", async () => {
    const { printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => {
        if (request.message.code !== IppOperation.getJobAttributes) return undefined;
        return request.indexOfOperation < 3 ? jobAnswer(5, ["job-printing"]) : jobAnswer(8, ["document-format-error"]);
      },
    });
    const job = jobFromBuffer(samplePdf(100));
    const result = await printer.submit(job);
    expect(result).toMatchObject({ finalState: "aborted", reasons: ["document-format-error"], printerJobId: 7 });
    expect(job.progress.filter((event) => event.stage !== "sending" && event.stage !== "sent")).toEqual([
      { stage: "processing", printerJobId: 7, jobState: 3, reasons: [] },
      { stage: "processing", printerJobId: 7, jobState: 5, reasons: ["job-printing"] },
      { stage: "aborted", printerJobId: 7, reasons: ["document-format-error"] },
    ]);
  });

  test("a job the printer no longer knows ends as sent, not as an error", async () => {
    const { printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => (request.message.code === IppOperation.getJobAttributes ? { status: IppStatus.clientErrorNotFound } : undefined),
    });
    expect(await printer.submit(jobFromBuffer(samplePdf(100)))).toMatchObject({ finalState: "sent", reasons: ["printer-forgot-job"] });
  });

  test("a job that never ends is reported as sent when tracking times out", async () => {
    const { printer } = await printerWith(
      { formats: ["application/pdf"], answer: (request) => (request.message.code === IppOperation.getJobAttributes ? jobAnswer(5, ["job-printing"]) : undefined) },
      { ...FAST, jobTimeoutMs: 100 },
    );
    const result = await printer.submit(jobFromBuffer(samplePdf(100)));
    expect(result).toMatchObject({ finalState: "sent", printerJobId: 7 });
    expect(result.reasons).toContain("printvakt-tracking-timed-out");
  });

  test("falls back to IPP/1.1 for a printer that refuses 2.0", async () => {
    const { fake, printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => (request.message.version.major === 2 ? { status: IppStatus.serverErrorVersionNotSupported } : undefined),
    });
    expect((await printer.submit(jobFromBuffer(samplePdf(100)))).finalState).toBe("completed");
    expect(fake.requests.map((request) => `${request.message.version.major}.${request.message.version.minor}`)).toEqual(["2.0", "1.1", "1.1", "1.1"]);
  });

  test("an already aborted signal stops the release before anything is sent", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    const controller = new AbortController();
    controller.abort();
    await expect(printer.submit(jobFromBuffer(samplePdf(100)), controller.signal)).rejects.toMatchObject({ code: "unavailable", details: { reason: "aborted" } });
    expect(fake.requests).toEqual([]);
  });

  test("aborting mid-upload stops sending: the printer never gets a whole request", async () => {
    const { fake, printer } = await printerWith({ formats: ["application/pdf"] });
    const controller = new AbortController();
    const abortAfterFirstChunk = () =>
      new Readable({
        read() {
          this.push(Buffer.alloc(100_000, 3));
          controller.abort();
        },
      });
    const job = jobFromBuffer(samplePdf(100), { openBody: abortAfterFirstChunk });
    await expect(printer.submit(job, controller.signal)).rejects.toMatchObject({ code: "unavailable", details: { reason: "aborted" } });
    expect(printJobs(fake)).toEqual([]);
    await expect.poll(() => fake.incompleteRequests).toBe(1);
  });
});

describe("hostile printer answers", () => {
  test("the 32-byte parser-hang answer to Get-Printer-Attributes gives a clean error, not a hang", async () => {
    const { fake, printer } = await printerWith({ answer: () => ({ raw: HANG_BYTES }) });
    await expect(printer.submit(jobFromBuffer(samplePdf(100)))).rejects.toMatchObject({ code: "unavailable", details: { reason: "printer-answer-malformed" } });
    expect(fake.operations()).toEqual([IppOperation.getPrinterAttributes]);
    expect(await printer.probe()).toMatchObject({ reachable: false, stateReasons: ["printer-answer-malformed"] });
  });

  test("the parser-hang answer to Print-Job gives a clean error and is not retried", async () => {
    const { fake, printer } = await printerWith({
      formats: ["application/pdf"],
      answer: (request) => (request.message.code === IppOperation.printJob ? { raw: HANG_BYTES } : undefined),
    });
    await expect(printer.submit(jobFromBuffer(samplePdf(100)))).rejects.toMatchObject({ code: "unavailable", details: { reason: "printer-answer-malformed" } });
    expect(printJobs(fake)).toHaveLength(1);
  });

  test("garbage answers while following a job end in 'sent' at the tracking deadline", async () => {
    const { printer } = await printerWith(
      { formats: ["application/pdf"], answer: (request) => (request.message.code === IppOperation.getJobAttributes ? { raw: HANG_BYTES } : undefined) },
      { ...FAST, jobTimeoutMs: 100 },
    );
    expect(await printer.submit(jobFromBuffer(samplePdf(100)))).toMatchObject({ finalState: "sent", printerJobId: 7 });
  });

  test("an answer larger than maxResponseBytes is refused", async () => {
    const { printer } = await printerWith({ answer: () => ({ raw: Buffer.alloc(200_000, 0x41) }) }, { ...FAST, maxResponseBytes: 64 * 1024 });
    expect(await printer.probe()).toMatchObject({ reachable: false, stateReasons: ["printer-answer-malformed"] });
  });

  test("a truncated answer is malformed", async () => {
    const { printer } = await printerWith({ answer: () => ({ raw: HANG_BYTES.subarray(0, 5) }) });
    expect(await printer.probe()).toMatchObject({ reachable: false, stateReasons: ["printer-answer-malformed"] });
  });
});

describe("IppPrinter.probe", () => {
  test("reports the printer's capabilities", async () => {
    const { printer } = await printerWith({ formats: ["application/pdf", "image/urf"], sides: ["one-sided", "two-sided-long-edge"], jobKOctetsMax: 2048 });
    expect(await printer.probe()).toEqual({
      reachable: true,
      state: "idle",
      stateReasons: [],
      formats: ["application/pdf", "image/urf"],
      sides: ["one-sided", "two-sided-long-edge"],
      media: ["iso_a4_210x297mm"],
      copiesMax: 99,
      colorModes: ["monochrome"],
      printQualities: [],
      orientations: [],
      pageRangesSupported: false,
      multipleDocumentHandling: [],
      outputBins: [],
      printScalings: [],
      numberUp: [],
      resolutions: [],
      pwgRasterResolutions: [],
      urfSupported: [],
      maxJobBytes: 2048 * 1024,
      makeAndModel: "Fake Printer",
      acceptingJobs: true,
    });
  });

  test("asks only for the attributes it reads", async () => {
    const { fake, printer } = await printerWith({});
    await printer.probe();
    const requested = fake.requests[0]!.message.groups[0]!.attributes.find((item) => item.name === "requested-attributes");
    expect(requested?.values.length).toBeGreaterThan(5);
    expect(requested?.values.map((value) => ("value" in value ? value.value : undefined))).not.toContain("all");
  });

  test("a printer that is down is unreachable, not an exception", async () => {
    const { fake, printer } = await printerWith({});
    await fake.stop();
    expect(await printer.probe()).toMatchObject({ reachable: false, state: "unknown", stateReasons: ["printer-offline"] });
  });
});
