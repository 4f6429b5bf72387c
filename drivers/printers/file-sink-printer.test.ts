// The development file sink: byte-identical documents, a sidecar of the job's attributes, private file modes.
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { FileSinkPrinter, type FileSinkRecord } from "./file-sink-printer.js";
import { failingBody, jobFromBuffer, samplePdf, sha256 } from "../../test/support/printers/outgoing-job.js";

let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-sink-"));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("FileSinkPrinter", () => {
  test("writes the released document byte-identical, with a sidecar of its attributes", async () => {
    const document = samplePdf(2_000_000);
    const job = jobFromBuffer(document, {
      documentFormat: "application/octet-stream",
      template: { copies: 2, sides: "two-sided-long-edge", ...({ "job-hold-until": "indefinite", "job-password": "1234" } as object) },
    });

    const result = await new FileSinkPrinter(directory).submit(job);

    expect(result).toEqual({ printerJobId: null, finalState: "sent", reasons: [], bytesSent: document.length, documentFormat: "application/pdf" });
    const names = (await readdir(directory)).sort();
    expect(names).toHaveLength(2);
    const [documentName, sidecarName] = [names.find((name) => name.endsWith(".pdf")), names.find((name) => name.endsWith(".json"))];
    expect(documentName).toBeDefined();
    expect(sidecarName).toBeDefined();
    expect(sha256(await readFile(path.join(directory, documentName as string)))).toBe(sha256(document));
    const record = JSON.parse(await readFile(path.join(directory, sidecarName as string), "utf8")) as FileSinkRecord;
    expect(record).toMatchObject({
      document: documentName,
      jobName: "Budget 2027.pdf",
      userName: "alice",
      documentFormat: "application/pdf",
      declaredFormat: "application/octet-stream",
      declaredSizeBytes: document.length,
      bytesWritten: document.length,
      template: { copies: 2, sides: "two-sided-long-edge" },
    });
    expect(Object.keys(record.template)).toEqual(["copies", "sides"]);
  });

  test("creates both files readable by the service user only", async () => {
    await new FileSinkPrinter(directory).submit(jobFromBuffer(samplePdf(10)));
    for (const name of await readdir(directory)) {
      expect(((await stat(path.join(directory, name))).mode & 0o777).toString(8)).toBe("600");
    }
  });

  test("keeps two documents released in the same millisecond apart", async () => {
    const sink = new FileSinkPrinter(directory, { clock: () => new Date("2026-11-22T10:00:00.000Z") });
    await sink.submit(jobFromBuffer(samplePdf(10)));
    await sink.submit(jobFromBuffer(samplePdf(20)));
    expect(await readdir(directory)).toHaveLength(4);
  });

  test("a document stream that fails leaves no file behind and reports the stream's error", async () => {
    const failure = new PrintvaktError("internal", "authentication tag mismatch");
    const job = jobFromBuffer(samplePdf(10), { openBody: failingBody(Buffer.alloc(100_000, 1), failure) });
    await expect(new FileSinkPrinter(directory).submit(job)).rejects.toBe(failure);
    expect(await readdir(directory)).toEqual([]);
  });

  test("probe: a writable directory is reachable and accepts PDF", async () => {
    const status = await new FileSinkPrinter(directory).probe();
    expect(status.reachable).toBe(true);
    expect(status.formats).toContain("application/pdf");
    expect(await readdir(directory)).toEqual([]);
  });

  test("probe and submit: a missing directory is unreachable / unavailable", async () => {
    const sink = new FileSinkPrinter(path.join(directory, "missing"));
    expect((await sink.probe()).reachable).toBe(false);
    await expect(sink.submit(jobFromBuffer(samplePdf(10)))).rejects.toMatchObject({ code: "unavailable" });
  });
});
