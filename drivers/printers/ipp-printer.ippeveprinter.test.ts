// The IPP driver against a real IPP Everywhere printer (ippeveprinter): what arrives, byte for byte and attribute by attribute.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { attributeValues } from "../../test/support/ippeveprinter-log.js";
import { startIppEvePrinter, type IppEvePrinter } from "../../test/support/ippeveprinter.js";
import { makePdf } from "../../test/support/pdf.js";
import { IppPrinter } from "./ipp-printer.js";
import { jobFromBuffer, sha256 } from "../../test/support/printers/outgoing-job.js";

const TRACKING = { pollIntervalMs: 100, jobTimeoutMs: 30_000 };

let duplexPrinter: IppEvePrinter;
let simplexPdfOnly: IppEvePrinter;

beforeAll(async () => {
  [duplexPrinter, simplexPdfOnly] = await Promise.all([
    startIppEvePrinter({ duplex: true, formats: ["application/pdf", "image/pwg-raster", "image/urf", "image/jpeg"] }),
    startIppEvePrinter({ formats: ["application/pdf"] }),
  ]);
});

afterAll(async () => {
  await Promise.all([duplexPrinter?.stop(), simplexPdfOnly?.stop()]);
});

/** A deterministic body of `size` bytes that exists only as a stream, never whole in memory. */
function generatedPdfStream(size: number): { open: () => Readable; head: Buffer; sha256: string } {
  const head = Buffer.from("%PDF-1.4\n% generated stream\n", "latin1");
  const block = (index: number) => Buffer.alloc(64 * 1024, index % 251);
  function* chunks(): Generator<Buffer> {
    yield head;
    let remaining = size - head.length;
    for (let index = 0; remaining > 0; index += 1) {
      const chunk = block(index).subarray(0, Math.min(remaining, 64 * 1024));
      remaining -= chunk.length;
      yield chunk;
    }
  }
  const hash = createHash("sha256");
  for (const chunk of chunks()) hash.update(chunk);
  return { open: () => Readable.from(chunks()), head, sha256: hash.digest("hex") };
}

describe("IppPrinter with ippeveprinter", () => {
  test("probe reports a reachable printer that takes PDF and prints two-sided", async () => {
    const status = await new IppPrinter(new URL(duplexPrinter.uri)).probe();
    expect(status.reachable).toBe(true);
    expect(status.state).toBe("idle");
    expect(status.formats).toEqual(expect.arrayContaining(["application/pdf", "image/pwg-raster", "image/urf"]));
    expect(status.sides).toContain("two-sided-long-edge");
    expect(status.copiesMax).toBeGreaterThan(1);
  });

  test("a PDF with copies=2 and two-sided arrives byte-identical with those attributes, and no hold or PIN", async () => {
    const document = makePdf({ pages: 3, text: "Released by Printvakt", padToBytes: 400_000 });
    const template = { copies: 2, sides: "two-sided-long-edge", "job-hold-until": "indefinite", "job-password": "1234", "job-password-encryption": "none" };
    const job = jobFromBuffer(document, { jobName: "Quarterly report", userName: "alice", template: template as never });

    const result = await new IppPrinter(new URL(duplexPrinter.uri), TRACKING).submit(job);

    expect(result).toMatchObject({ finalState: "completed", bytesSent: document.length, documentFormat: "application/pdf" });
    expect(result.printerJobId).toEqual(expect.any(Number));
    const printed = (await duplexPrinter.waitForDocuments(1)).find((candidate) => candidate.jobId === result.printerJobId);
    expect(printed?.sha256).toBe(sha256(document));
    expect(printed?.env).toMatchObject({ IPP_COPIES: "2", IPP_SIDES: "two-sided-long-edge", IPP_JOB_NAME: "Quarterly report", IPP_JOB_ORIGINATING_USER_NAME: "alice" });
    expect(Object.keys(printed?.env ?? {}).filter((key) => /HOLD_UNTIL|PASSWORD/.test(key))).toEqual([]);
    const request = printed?.request;
    expect(request?.operation).toBe("Print-Job");
    expect(request?.attributes.map((attribute) => attribute.name).filter((name) => name.startsWith("job-hold") || name.startsWith("job-password"))).toEqual([]);
  });

  test("an application/octet-stream document that is a PDF is sent as application/pdf", async () => {
    const document = makePdf({ text: "octet-stream" });
    const before = (await duplexPrinter.documents()).length;
    const result = await new IppPrinter(new URL(duplexPrinter.uri), TRACKING).submit(jobFromBuffer(document, { documentFormat: "application/octet-stream" }));

    expect(result).toMatchObject({ finalState: "completed", documentFormat: "application/pdf" });
    const printed = (await duplexPrinter.waitForDocuments(before + 1)).find((candidate) => candidate.jobId === result.printerJobId);
    expect(printed?.sha256).toBe(sha256(document));
    expect(attributeValues(printed!.request!, "document-format")).toEqual(["application/pdf"]);
  });

  test("a 32 MiB document is streamed through and arrives byte-identical", async () => {
    const body = generatedPdfStream(32 * 1024 * 1024);
    const before = (await duplexPrinter.documents()).length;
    const job = jobFromBuffer(body.head, { sizeBytes: 32 * 1024 * 1024, openBody: body.open });
    const result = await new IppPrinter(new URL(duplexPrinter.uri), TRACKING).submit(job);

    expect(result).toMatchObject({ finalState: "completed", bytesSent: 32 * 1024 * 1024 });
    const printed = (await duplexPrinter.waitForDocuments(before + 1)).find((candidate) => candidate.jobId === result.printerJobId);
    expect(printed?.sha256).toBe(body.sha256);
  });

  test("two-sided on a simplex printer is dropped with a note and the job still prints", async () => {
    const document = makePdf({ text: "simplex" });
    const result = await new IppPrinter(new URL(simplexPdfOnly.uri), TRACKING).submit(jobFromBuffer(document, { template: { sides: "two-sided-long-edge", copies: 2 } }));

    expect(result.finalState).toBe("completed");
    expect(result.reasons).toContain("sides-not-supported");
    const printed = (await simplexPdfOnly.waitForDocuments(1)).find((candidate) => candidate.jobId === result.printerJobId);
    expect(printed?.env.IPP_COPIES).toBe("2");
    expect(printed?.env.IPP_SIDES ?? "one-sided").toBe("one-sided");
  });

  test("collation, output bin and resolution the printer lists are sent; number-up and print-scaling it does not list are dropped with notes (review F16)", async () => {
    const document = makePdf({ pages: 4, text: "finishing" });
    const template = { copies: 2, "multiple-document-handling": "separate-documents-uncollated-copies", "output-bin": "face-down", "printer-resolution": { x: 600, y: 600, units: 3 }, "number-up": 2, "print-scaling": "fit" };
    const before = (await duplexPrinter.documents()).length;
    const result = await new IppPrinter(new URL(duplexPrinter.uri), TRACKING).submit(jobFromBuffer(document, { template }));

    expect(result.finalState).toBe("completed");
    expect(result.reasons).toEqual(expect.arrayContaining(["number-up-not-supported", "print-scaling-not-supported"]));
    expect(result.reasons.filter((reason) => /multiple-document-handling|output-bin|printer-resolution/.test(reason))).toEqual([]);
    const printed = (await duplexPrinter.waitForDocuments(before + 1)).find((candidate) => candidate.jobId === result.printerJobId);
    expect(attributeValues(printed!.request!, "multiple-document-handling")).toEqual(["separate-documents-uncollated-copies"]);
    expect(attributeValues(printed!.request!, "output-bin")).toEqual(["face-down"]);
    expect(attributeValues(printed!.request!, "printer-resolution")).toHaveLength(1);
    expect(attributeValues(printed!.request!, "number-up")).toEqual([]);
    expect(attributeValues(printed!.request!, "print-scaling")).toEqual([]);
  });

  test("a format the printer lacks is refused as unsupported and no Print-Job reaches it", async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0")]);
    const job = jobFromBuffer(jpeg, { documentFormat: "application/octet-stream" });
    const printJobsBefore = (await simplexPdfOnly.requests()).filter((request) => request.operation === "Print-Job").length;
    await expect(new IppPrinter(new URL(simplexPdfOnly.uri), TRACKING).submit(job)).rejects.toMatchObject({ code: "unsupported", details: { documentFormat: "image/jpeg" } });
    expect(job.bodiesOpened()).toBe(0);
    const printJobsAfter = (await simplexPdfOnly.requests()).filter((request) => request.operation === "Print-Job").length;
    expect(printJobsAfter).toBe(printJobsBefore);
  });

  test("ipps:// with a self-signed certificate works only when allowed", async () => {
    const ippsUri = new URL(duplexPrinter.uri.replace(/^ipp:/, "ipps:"));
    await expect(new IppPrinter(ippsUri, TRACKING).probe()).resolves.toMatchObject({ reachable: false, stateReasons: ["printer-certificate-untrusted"] });
    const document = makePdf({ text: "over TLS" });
    const result = await new IppPrinter(ippsUri, { ...TRACKING, acceptSelfSigned: true }).submit(jobFromBuffer(document));
    expect(result.finalState).toBe("completed");
    const printed = (await duplexPrinter.documents()).find((candidate) => candidate.jobId === result.printerJobId);
    expect(printed?.sha256).toBe(sha256(document));
  });

  test("a printer that stops answering is reported unreachable after the idle timeout, not waited on forever", async () => {
    duplexPrinter.pause();
    try {
      const status = await new IppPrinter(new URL(duplexPrinter.uri), { idleTimeoutMs: 300, connectTimeoutMs: 300 }).probe();
      expect(status).toMatchObject({ reachable: false });
      expect(["printer-not-responding", "printer-offline"]).toContain(status.stateReasons[0]);
    } finally {
      duplexPrinter.resume();
    }
  });
});
