// The IPP driver against each failure mode of the scripted printer: how many complete deliveries
// reach the printer (exactly one or zero, never two) and what the driver reports.
import { afterEach, describe, expect, test } from "vitest";
import type { PrintvaktError } from "../../core/errors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { IppPrinter, type IppPrinterOptions } from "./ipp-printer.js";
import { startFakeIppPrinter, type FakeIppPrinter, type FakePrinterOptions } from "../../test/support/printers/fake-ipp-printer.js";
import { jobFromBuffer, samplePdf, sha256, type TestJob } from "../../test/support/printers/outgoing-job.js";

/** Waits of 20-80 ms, tried for 1.5 s: the minutes of production in test time. */
const SHORT: IppPrinterOptions = {
  retry: { initialDelayMs: 20, maxDelayMs: 80, totalMs: 1_500 },
  pollIntervalMs: 20,
  jobTimeoutMs: 400,
  idleTimeoutMs: 400,
  responseTimeoutMs: 400,
};

const printers: FakeIppPrinter[] = [];

async function fakePrinter(options: FakePrinterOptions): Promise<FakeIppPrinter> {
  const printer = await startFakeIppPrinter({ formats: ["application/pdf"], ...options });
  printers.push(printer);
  return printer;
}

async function submitTo(fake: FakeIppPrinter, job: TestJob, options: IppPrinterOptions = SHORT) {
  return new IppPrinter(new URL(fake.uri), options).submit(job).then(
    (result) => ({ result, failure: undefined }),
    (error: unknown) => ({ result: undefined, failure: error as PrintvaktError }),
  );
}

const waits = (job: TestJob) => job.progress.filter((event) => event.stage === "retrying");

afterEach(async () => {
  await Promise.all(printers.splice(0).map((printer) => printer.stop()));
});

describe("complete deliveries per printer failure mode", () => {
  const document = samplePdf(600_000);

  test("reads everything, then resets: one delivery, never resent, the outcome is unknown", async () => {
    const fake = await fakePrinter({ answer: (request) => (request.message.code === IppOperation.printJob ? { reset: true } : undefined) });
    const job = jobFromBuffer(document);
    const { failure } = await submitTo(fake, job);
    expect(fake.deliveries().map(sha256)).toEqual([sha256(document)]);
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "connection-reset" } });
    expect(failure?.details?.["retryable"]).not.toBe(true);
    expect(job.bodiesOpened()).toBe(1);
  });

  test("resets midway: no delivery, never resent", async () => {
    const fake = await fakePrinter({ resetAfterOctets: 128 * 1024 });
    const job = jobFromBuffer(document);
    const { failure } = await submitTo(fake, job);
    expect(fake.deliveries()).toHaveLength(0);
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "connection-reset" } });
    expect(job.bodiesOpened()).toBe(1);
  });

  test("stalls after taking the document: one delivery, the driver gives up at its timeout without resending", async () => {
    const fake = await fakePrinter({ stall: true });
    const job = jobFromBuffer(document);
    const started = Date.now();
    const { failure } = await submitTo(fake, job);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(fake.deliveries().map(sha256)).toEqual([sha256(document)]);
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "printer-not-responding" } });
    expect(job.bodiesOpened()).toBe(1);
  });

  test("takes the document a little at a time: the deadline cuts the upload off as the idle timeout would, never resent, nothing hangs", { timeout: 20_000 }, async () => {
    const fake = await fakePrinter({ trickleRequests: true });
    const job = jobFromBuffer(samplePdf(32_000_000));
    // Some of the document moves every 100 ms, so the idle timeout alone never fires: without a
    // deadline the upload runs for minutes, which shows as this test's timeout.
    const { failure } = await submitTo(fake, job, { ...SHORT, idleTimeoutMs: 10_000, stepDeadlineMs: 1_000 });
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "printer-not-responding" } });
    expect(failure?.details?.["retryable"]).not.toBe(true);
    expect(job.progress.map((event) => event.stage)).toEqual(["sending"]);
    expect(fake.deliveries()).toHaveLength(0);
    expect(job.bodiesOpened()).toBe(1);
  });

  test("busy for a while, then accepts: one delivery, completed, each wait reported with the printer's reason", async () => {
    const fake = await fakePrinter({ busyForMs: 300 });
    const job = jobFromBuffer(document);
    const { result } = await submitTo(fake, job);
    expect(result).toMatchObject({ finalState: "completed", printerJobId: 7 });
    expect(fake.deliveries().map(sha256)).toEqual([sha256(document)]);
    // Refused as busy, so the printer kept nothing of the earlier tries.
    expect(fake.requests.filter((request) => request.message.code === IppOperation.printJob).length).toBeGreaterThan(1);
    expect(waits(job).length).toBeGreaterThan(0);
    expect(waits(job).every((event) => event.stage === "retrying" && event.reason === "printer-busy" && event.delayMs <= 80)).toBe(true);
  });

  test("busy for longer than the retry time: no delivery, the printer is reported busy", async () => {
    const fake = await fakePrinter({ busyForMs: 60_000 });
    const job = jobFromBuffer(document);
    const started = Date.now();
    const { failure } = await submitTo(fake, job);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(fake.deliveries()).toHaveLength(0);
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "printer-busy", retryable: false } });
  });

  test("offline for a while (connection refused), then back on the same port: one delivery, completed", async () => {
    const first = await fakePrinter({});
    const port = Number(new URL(first.uri).port);
    await first.stop();
    printers.splice(printers.indexOf(first), 1);
    const job = jobFromBuffer(document);
    const submitting = submitTo(first, job);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const back = await fakePrinter({ port });
    const { result } = await submitting;
    expect(result).toMatchObject({ finalState: "completed" });
    expect(back.deliveries().map(sha256)).toEqual([sha256(document)]);
    expect(waits(job)[0]).toMatchObject({ stage: "retrying", reason: "printer-offline" });
    // Nothing was sent while it was away: the document was opened for the one Print-Job.
    expect(job.bodiesOpened()).toBe(1);
  });

  test("keeps the job processing forever: one delivery, reported as sent when following it reaches its bound", async () => {
    const fake = await fakePrinter({ jobState: { state: 5, reasons: ["job-printing"] } });
    const job = jobFromBuffer(document);
    const started = Date.now();
    const { result } = await submitTo(fake, job);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fake.deliveries()).toHaveLength(1);
    expect(result).toMatchObject({ finalState: "sent", printerJobId: 7 });
    expect(result?.reasons).toContain("printvakt-tracking-timed-out");
  });

  test("reports the job aborted: one delivery, the driver reports aborted with the printer's reason", async () => {
    const fake = await fakePrinter({ jobState: { state: 8, reasons: ["aborted-by-system"] } });
    const { result } = await submitTo(fake, jobFromBuffer(document));
    expect(fake.deliveries()).toHaveLength(1);
    expect(result).toMatchObject({ finalState: "aborted", reasons: ["aborted-by-system"] });
  });

  test("one time budget covers the probe and the Print-Job: offline, then busy, still gives up on time", async () => {
    const first = await fakePrinter({});
    const port = Number(new URL(first.uri).port);
    await first.stop();
    printers.splice(printers.indexOf(first), 1);
    const started = Date.now();
    const submitting = submitTo(first, jobFromBuffer(document));
    await new Promise((resolve) => setTimeout(resolve, 900));
    const back = await fakePrinter({ port, busyForMs: 60_000 });
    const { failure } = await submitting;
    // 1.5 s in all, not 1.5 s offline plus 1.5 s busy.
    expect(Date.now() - started).toBeLessThan(2_100);
    expect(failure).toMatchObject({ details: { reason: "printer-busy" } });
    expect(back.deliveries()).toHaveLength(0);
  });
});
