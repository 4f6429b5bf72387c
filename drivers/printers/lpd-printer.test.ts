// The LPD driver against a scripted RFC 1179 server: the order and form of what is sent, the
// generic job name, and each refusal or silence ending where the release service needs it to
// (refused before the document: nothing printed; refused or dropped after it: may have printed).
// cups-lpd itself is the server in test/e2e/release-lpd.test.ts.
import { afterEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { LpdPrinter } from "./lpd-printer.js";
import { startFakeLpd, type FakeLpd } from "../../test/support/printers/fake-lpd-server.js";
import { jobFromBuffer, samplePdf, sha256 } from "../../test/support/printers/outgoing-job.js";

const FAST = { ackTimeoutMs: 300, closeTimeoutMs: 300, retry: { attempts: 1 } };
let lpd: FakeLpd | undefined;

afterEach(async () => {
  await lpd?.close();
  lpd = undefined;
});

/**
 * The failure of a submission, and whether "sending" had been reported when it came: the release
 * service reads the two together (server/release/unknown-outcome.ts) to tell "nothing printed"
 * from "may have printed".
 */
async function failureOf(printer: LpdPrinter, job = jobFromBuffer(samplePdf(50_000))): Promise<{ failure: PrintvaktError; sendingStarted: boolean }> {
  let sendingStarted = false;
  const watched = { ...job, onProgress: (event: { stage: string }) => (sendingStarted ||= event.stage === "sending") };
  const failure = await printer.submit(watched).then(
    () => expect.fail("the submission should fail"),
    (error: unknown) => error as PrintvaktError,
  );
  expect(failure).toBeInstanceOf(PrintvaktError);
  return { failure, sendingStarted };
}

describe("LpdPrinter", () => {
  test("receive job, control file, then the document byte for byte; a generic job name, never the title", async () => {
    lpd = await startFakeLpd();
    const document = samplePdf(2_000_000);
    const job = jobFromBuffer(document, { userName: "åsa.öberg", template: { copies: 2 } });
    let marked = 0;
    const result = await new LpdPrinter(lpd.uri, { ...FAST, hostName: "pv-host" }).submit({ ...job, beforeSending: async () => void (marked += 1) });

    const [got] = lpd.received;
    expect(got!.queue).toBe("laser");
    expect(got!.lines.map((line) => line.replace(/A\d{3}/, "A###"))).toEqual(["2 laser", `2 ${Buffer.byteLength(got!.control!)} cfA###pv-host`, `3 ${document.length} dfA###pv-host`]);
    const data = /^l(dfA\d{3}pv-host)$/m.exec(got!.control!)![1];
    // Neither the title nor the person: the owner line is constant, as any host can list the queue.
    expect(got!.control).toBe(`Hpv-host\nPprintvakt\nJPrintvakt\nNPrintvakt\nl${data}\nU${data}\n`);
    expect(got!.control).not.toContain("Budget");
    expect(got!.control).not.toMatch(/sa\.?berg|åsa/);
    expect(sha256(got!.data!)).toBe(sha256(document));
    expect(got!.ended).toBe(true);
    expect(marked).toBe(1);
    expect(result).toEqual({ printerJobId: null, finalState: "sent", reasons: ["copies-not-applied"], bytesSent: document.length, documentFormat: "application/pdf" });
    expect(job.progress.map((event) => event.stage)).toEqual(["sending", "sent"]);
  });

  test.each(["job", "control-command", "control", "data-command"] as const)("a refusal of the %s step: printer-refused-job, nothing of the document sent, nothing printed", async (step) => {
    lpd = await startFakeLpd({ refuse: step });
    const { failure, sendingStarted } = await failureOf(new LpdPrinter(lpd.uri, FAST));
    expect(failure).toMatchObject({ code: "unavailable", userMessage: "The printer refused the job.", details: { reason: "printer-refused-job", answer: 1 } });
    expect(lpd.received[0]!.data).toBeUndefined();
    expect(sendingStarted).toBe(false);
  });

  test.each([
    { what: "refuses the document once it has it", script: { refuse: "data" } as const, reason: "refused-after-data" },
    { what: "closes after the document", script: { afterData: "close" } as const, reason: "connection-reset" },
    { what: "never acknowledges the document", script: { afterData: "silent" } as const, reason: "printer-not-responding" },
  ])("a server that $what: $reason after sending started (may have printed)", async ({ script, reason }) => {
    lpd = await startFakeLpd(script);
    const { failure, sendingStarted } = await failureOf(new LpdPrinter(lpd.uri, FAST));
    expect(failure.details?.["reason"]).toBe(reason);
    expect(lpd.received[0]!.data).toBeDefined();
    expect(sendingStarted).toBe(true);
  });

  test("a server that stops reading mid-document: the idle timeout cuts the connection (may have printed), nothing hangs", async () => {
    lpd = await startFakeLpd({ stallInData: true });
    const { failure, sendingStarted } = await failureOf(new LpdPrinter(lpd.uri, { ...FAST, idleTimeoutMs: 300 }), jobFromBuffer(samplePdf(32_000_000)));
    expect(failure.details?.["reason"]).toBe("connection-lost-while-sending");
    expect(sendingStarted).toBe(true);
  });

  test("a server that takes the document a little at a time: the step's deadline cuts the connection (may have printed), nothing hangs", { timeout: 20_000 }, async () => {
    lpd = await startFakeLpd({ trickleInData: true });
    // Some of the document moves every 100 ms (the sender's kernel wakes it every few seconds), so the
    // idle timeout alone never fires: without a deadline this shows as this test's timeout.
    const { failure, sendingStarted } = await failureOf(new LpdPrinter(lpd.uri, { ...FAST, idleTimeoutMs: 10_000, stepDeadlineMs: 1_000 }), jobFromBuffer(samplePdf(32_000_000)));
    expect(failure).toMatchObject({ code: "unavailable", details: { reason: "connection-lost-while-sending" } });
    expect(sendingStarted).toBe(true);
    expect(lpd.received[0]!.data).toBeUndefined();
  });

  test("octets sent before any step asked for them are a protocol error, not acknowledgements: nothing is sent, nothing counts as printed", async () => {
    lpd = await startFakeLpd({ unasked: "at-connect" });
    const job = jobFromBuffer(samplePdf(10_000));
    const { failure, sendingStarted } = await failureOf(new LpdPrinter(lpd.uri, FAST), job);
    expect(failure.details?.["reason"]).toBe("printer-answer-malformed");
    expect(sendingStarted).toBe(false);
    expect(job.bodiesOpened()).toBe(0);
    expect(lpd.received[0]!.data).toBeUndefined();
  });

  test("a server that floods octets after an acknowledgement is cut off at once, before they pile up in memory", async () => {
    lpd = await startFakeLpd({ unasked: "flood" });
    const job = jobFromBuffer(samplePdf(10_000));
    const { failure, sendingStarted } = await failureOf(new LpdPrinter(lpd.uri, FAST), job);
    expect(failure.details?.["reason"]).toBe("printer-answer-malformed");
    expect(sendingStarted).toBe(false);
    expect(job.bodiesOpened()).toBe(0);
  });

  test("beforeSending failing: 'abort job' is sent after the control file and no document byte", async () => {
    lpd = await startFakeLpd();
    const refusal = new PrintvaktError("internal", "the job is no longer being released");
    const job = jobFromBuffer(samplePdf(1000), { beforeSending: () => Promise.reject(refusal) });
    await expect(new LpdPrinter(lpd.uri, FAST).submit(job)).rejects.toBe(refusal);
    await expect.poll(() => lpd!.received[0]!.aborted).toBe(true);
    expect(lpd.received[0]!.control).toBeDefined();
    expect(lpd.received[0]!.data).toBeUndefined();
    expect(job.bodiesOpened()).toBe(0);
  });

  test("a document whose size is not known in advance (a long conversion) is refused before connecting", async () => {
    lpd = await startFakeLpd();
    const job = jobFromBuffer(samplePdf(1000), { sizeExact: false });
    await expect(new LpdPrinter(lpd.uri, FAST).submit(job)).rejects.toMatchObject({ code: "unsupported", details: { reason: "document-too-large" } });
    expect(lpd.received).toHaveLength(0);
  });

  test("a body longer than announced is cut off, never completed: may have printed", async () => {
    lpd = await startFakeLpd();
    const document = samplePdf(200_000);
    const { failure, sendingStarted } = await failureOf(new LpdPrinter(lpd.uri, FAST), jobFromBuffer(document, { sizeBytes: document.length - 10 }));
    expect(failure.details?.["reason"]).toBe("connection-lost-while-sending");
    expect(sendingStarted).toBe(true);
    expect(lpd.received[0]!.data).toBeUndefined();
  });

  test("probe: reachable when the port accepts a connection; unreachable when it refuses", async () => {
    lpd = await startFakeLpd();
    expect(await new LpdPrinter(lpd.uri).probe()).toMatchObject({ reachable: true, state: "unknown" });
    const gone = lpd.uri;
    await lpd.close();
    lpd = undefined;
    expect(await new LpdPrinter(gone, FAST).probe()).toMatchObject({ reachable: false, stateReasons: ["printer-offline"] });
  });
});
