// What the IPP driver does while a release is still recording its claim and its send (issue 13):
// the printer's attributes asked for ahead, the document opened while the send is recorded.
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, expect, test, vi } from "vitest";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { IppStatus } from "../../core/ipp/codec/status.js";
import { IppPrinter, STATUS_AHEAD_MAX_AGE_MS, type IppPrinterOptions } from "./ipp-printer.js";
import { startFakeIppPrinter, type FakeIppPrinter } from "../../test/support/printers/fake-ipp-printer.js";
import { jobFromBuffer, samplePdf, sha256 } from "../../test/support/printers/outgoing-job.js";

const FAST: IppPrinterOptions = { retry: { attempts: 3, initialDelayMs: 5, maxDelayMs: 20, totalMs: 5_000 }, pollIntervalMs: 5, jobTimeoutMs: 5_000 };

let fake: FakeIppPrinter | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await fake?.stop();
  fake = undefined;
});

const attributeRequests = (printer: FakeIppPrinter) => printer.operations().filter((code) => code === IppOperation.getPrinterAttributes).length;

async function until(done: () => boolean, timeoutMs = 2_000): Promise<void> {
  for (const started = Date.now(); !done() && Date.now() - started < timeoutMs; ) await sleep(5);
}

test("the printer's attributes asked for ahead of a job serve its submit: one Get-Printer-Attributes, not two", async () => {
  fake = await startFakeIppPrinter({ formats: ["application/pdf"] });
  const printer = new IppPrinter(new URL(fake.uri), FAST);

  printer.expectJob();
  const result = await printer.submit(jobFromBuffer(samplePdf(1_000)));

  expect(result.finalState).toBe("completed");
  expect(fake.operations()).toEqual([IppOperation.getPrinterAttributes, IppOperation.printJob, IppOperation.getJobAttributes]);
});

test("attributes asked for too long before the submit are asked for again, and each answer serves one job", async () => {
  fake = await startFakeIppPrinter({ formats: ["application/pdf"] });
  const printer = new IppPrinter(new URL(fake.uri), FAST);
  vi.useFakeTimers({ toFake: ["Date"] });

  printer.expectJob();
  await until(() => attributeRequests(fake!) === 1);
  vi.setSystemTime(Date.now() + STATUS_AHEAD_MAX_AGE_MS + 1);
  await printer.submit(jobFromBuffer(samplePdf(1_000)));
  expect(attributeRequests(fake)).toBe(2);

  await printer.submit(jobFromBuffer(samplePdf(1_000)));
  expect(attributeRequests(fake)).toBe(3);
});

test("fifty releases expecting a job at once ask the printer once, not fifty times (review: a printer with few connection slots)", async () => {
  fake = await startFakeIppPrinter({ formats: ["application/pdf"] });
  const printer = new IppPrinter(new URL(fake.uri), FAST);

  for (let release = 0; release < 50; release++) printer.expectJob();
  await until(() => attributeRequests(fake!) > 0);
  await sleep(50);

  expect(attributeRequests(fake)).toBe(1);
  const result = await printer.submit(jobFromBuffer(samplePdf(1_000)));
  expect(result.finalState).toBe("completed");
  expect(attributeRequests(fake)).toBe(1);
});

test("a printer that was busy when asked ahead is asked again by submit, with the wait reported, and then prints", async () => {
  fake = await startFakeIppPrinter({
    formats: ["application/pdf"],
    answer: (request) => (request.message.code === IppOperation.getPrinterAttributes && request.indexOfOperation === 0 ? { status: IppStatus.serverErrorBusy } : undefined),
  });
  const printer = new IppPrinter(new URL(fake.uri), FAST);

  printer.expectJob();
  const job = jobFromBuffer(samplePdf(1_000));
  const result = await printer.submit(job);

  expect(result.finalState).toBe("completed");
  expect(attributeRequests(fake)).toBe(2);
  expect(job.progress.filter((event) => event.stage === "retrying")).toEqual([{ stage: "retrying", attempt: 2, delayMs: 5, reason: "printer-busy" }]);
});

test("the document is opened while the send is recorded, and no octet reaches the printer before the record is done", async () => {
  fake = await startFakeIppPrinter({ formats: ["application/pdf"] });
  const printer = new IppPrinter(new URL(fake.uri), FAST);
  const document = samplePdf(300_000);
  const seenWhileRecording: { bodiesOpened: number; printJobs: number; incomplete: number }[] = [];
  const job = jobFromBuffer(document, {
    beforeSending: async () => {
      // Old behaviour: the document was opened only after this resolved, so it never is here.
      await until(() => job.bodiesOpened() > 0, 300);
      await sleep(20);
      seenWhileRecording.push({ bodiesOpened: job.bodiesOpened(), printJobs: fake!.operations().filter((code) => code === IppOperation.printJob).length, incomplete: fake!.incompleteRequests });
    },
  });

  const result = await printer.submit(job);

  expect(seenWhileRecording).toEqual([{ bodiesOpened: 1, printJobs: 0, incomplete: 0 }]);
  expect(result.finalState).toBe("completed");
  expect(fake.deliveries().map(sha256)).toEqual([sha256(document)]);
});

test("a send that cannot be recorded sends nothing, and the document opened meanwhile is closed", async () => {
  fake = await startFakeIppPrinter({ formats: ["application/pdf"] });
  const printer = new IppPrinter(new URL(fake.uri), FAST);
  const refusal = new Error("the job is no longer being released");
  let body: import("node:stream").Readable | undefined;
  const base = jobFromBuffer(samplePdf(300_000));
  const job = {
    ...base,
    openBody: () => (body = base.openBody()),
    beforeSending: async () => {
      await sleep(20);
      throw refusal;
    },
  };

  await expect(printer.submit(job)).rejects.toBe(refusal);

  expect(fake.operations()).toEqual([IppOperation.getPrinterAttributes]);
  expect(fake.incompleteRequests).toBe(0);
  expect(body?.destroyed ?? true).toBe(true);
});

// Found by review: a document that failed while the send was being recorded still had the Print-Job
// header written, so the printer held a request cut short.
test("a document that fails while the send is recorded: its error is the answer, and not even the header reaches the printer", async () => {
  fake = await startFakeIppPrinter({ formats: ["application/pdf"] });
  const printer = new IppPrinter(new URL(fake.uri), FAST);
  const broken = new Error("spool record 0 does not verify");
  const base = jobFromBuffer(samplePdf(1_000));
  let body: Readable | undefined;
  const job = {
    ...base,
    openBody: () => {
      body = new Readable({ read() {} });
      process.nextTick(() => body!.destroy(broken));
      return body;
    },
    beforeSending: async () => {
      await until(() => body?.destroyed === true);
      await sleep(20);
    },
  };

  await expect(printer.submit(job)).rejects.toThrow(broken.message);
  await sleep(50);

  expect(fake.operations()).toEqual([IppOperation.getPrinterAttributes]);
  expect(fake.incompleteRequests).toBe(0);
});
