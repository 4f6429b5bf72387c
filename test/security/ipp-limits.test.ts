// The IPP front door's limits, against a real `printvakt serve` process: memory and ciphertext for a
// 1 GiB job, cut-off and idle uploads leave nothing behind, size/quota/concurrency/time limits answer
// with the right status (before the body where HTTP allows), malformed envelopes are refused and
// audited with the peer, and hostile attribute values never crash the server nor reach its log.
import http from "node:http";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { firstInteger, firstString } from "../../core/ipp/codec/accessors.js";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { IPP_PACKAGE_HANG_32_OCTETS } from "../support/ipp/sample-messages.js";
import { statusName } from "../../core/ipp/codec/status.js";
import { GroupTag, ValueTag } from "../../core/ipp/codec/tags.js";
import type { IppAttribute } from "../../core/ipp/codec/types.js";
import { attr, charset, integer, keyword, name, naturalLanguage, operationGroup, uri } from "../../core/ipp/codec/values.js";
import { envelope, field, wire } from "../support/ipp/wire-builder.js";
import { LIVE_STATES, TERMINAL_STATES } from "../../server/jobs/job-states.js";
import { listJobsOfOwner } from "../../server/store/jobs.js";
import { generatedDocument, patternBlock, withHeader } from "../support/generated-document.js";
import { decodeIppAnswer, postIpp } from "../support/ipp-http.js";
import { makePdf } from "../support/pdf.js";
import { printJob } from "../support/print-requests.js";
import { auditEntries, spoolFiles, storedTitle, withDatabase } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";
import { waitFor } from "../support/processes.js";
import { sampleMemory } from "../support/process-memory.js";
import { printJobHeader, startUpload } from "./support/ipp-upload.js";
import { findInFile } from "./support/spool-scan.js";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startPrintvaktServer({ PRINTVAKT_DATA_DIR: await mkdtemp(path.join(tmpdir(), "printvakt-limits-")), ...env });
}

async function stopServer(server: ServerProcess | undefined): Promise<void> {
  if (!server) return;
  await server.stop();
  await rm(server.dataDir, { recursive: true, force: true });
}

/** IPP status name of an answer that must be an IPP response. */
function ippStatusOf(answer: { status: number; body: Buffer }): string {
  expect(answer.status, `HTTP status (body: ${answer.body.subarray(0, 80).toString()})`).toBe(200);
  const message = decodeIppAnswer(answer.body);
  return statusName(message.code) ?? `0x${message.code.toString(16)}`;
}

function jobsOf(server: ServerProcess, owner: string) {
  return withDatabase(server.dataDir, (db) => listJobsOfOwner(db, owner, [...LIVE_STATES, ...TERMINAL_STATES]));
}

/** Writes `bytes` of the generated document to an upload, respecting backpressure. */
async function writeDocument(request: http.ClientRequest, bytes: number): Promise<void> {
  for await (const piece of generatedDocument(bytes) as AsyncIterable<Buffer>) {
    if (!request.write(piece)) await new Promise((resolve) => request.once("drain", resolve));
  }
}

function partialFilesIn(server: ServerProcess): Promise<string[]> {
  return spoolFiles(server.dataDir).then((files) => files.filter((file) => file.endsWith(".part")));
}

/** Sends a request with `Expect: 100-continue` and no body; reports whether the server said continue. */
function expectContinue(port: number, headers: http.OutgoingHttpHeaders): Promise<{ status: number; continued: boolean; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const request = http.request({ host: "127.0.0.1", port, path: "/ipp/print", method: "POST", agent: false, headers: { "Content-Type": "application/ipp", Expect: "100-continue", ...headers } });
    request.on("continue", () => (continued = true));
    request.on("response", (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, continued, headers: response.headers });
      request.destroy();
    });
    request.on("error", reject);
    request.flushHeaders();
  });
}

describe("a 1 GiB job and uploads that break off", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => stopServer(server));

  test("a 1 GiB job is accepted while the server grows by less than 64 MiB, and its spool file holds no plaintext", async () => {
    // Warm up first, so the baseline includes what any first job loads (modules, prepared queries).
    expect((await printJob(server.port, { user: "warmup", title: "warm-up", document: makePdf() })).status).toBe("successful-ok");
    const block = patternBlock("ipp-limits 1 GiB");
    const memory = sampleMemory(server.child.pid!);
    const upload = startUpload(server.port, { body: withHeader(printJobHeader({ user: "alice", title: "Stor utredning" }), generatedDocument(GiB, block)) });
    const answer = await upload.answer;
    const reading = memory.stop();
    expect(ippStatusOf(answer)).toBe("successful-ok");
    const jobId = firstInteger(decodeIppAnswer(answer.body), GroupTag.job, "job-id")!;
    console.info(`1 GiB job: server RSS ${(reading.before.rssBytes / MiB).toFixed(1)} MiB before, peak ${(reading.peakRssBytes / MiB).toFixed(1)} MiB, after ${(reading.after.rssBytes / MiB).toFixed(1)} MiB`);
    expect(reading.peakRssBytes - reading.before.rssBytes).toBeLessThan(64 * MiB);

    const [job] = (await jobsOf(server, "alice")).filter((candidate) => candidate.id === jobId);
    expect(job?.sizeBytes).toBe(GiB);
    const spoolFile = path.join(server.dataDir, "spool", `${job!.spoolId}.pvs`);
    expect((await stat(spoolFile)).size).toBeGreaterThan(GiB);
    // Six 32-octet windows of the plaintext; the search must find them in plaintext, and not in the spool.
    const windows = [1_000, 9_000, 17_000, 33_000, 50_000, 65_000].map((offset) => block.subarray(offset, offset + 32));
    const plaintextSample = path.join(server.dataDir, "plaintext-sample");
    await writeFile(plaintextSample, Buffer.concat([Buffer.alloc(5), block, block]));
    expect(await findInFile(plaintextSample, windows)).toHaveLength(windows.length);
    expect(await findInFile(spoolFile, windows)).toEqual([]);
  }, 600_000);

  test("an upload cut off mid-document leaves no job and no spool file, not even a .part", async () => {
    const filesBefore = await spoolFiles(server.dataDir);
    const upload = startUpload(server.port);
    upload.request.write(printJobHeader({ user: "carol", title: "Avbruten" }));
    await writeDocument(upload.request, 8 * MiB);
    await waitFor(async () => ((await partialFilesIn(server)).length > 0 ? true : undefined), { timeoutMs: 20_000, describe: () => "the server never started writing the upload" });
    upload.request.destroy();
    await waitFor(async () => ((await partialFilesIn(server)).length === 0 ? true : undefined), { timeoutMs: 20_000, describe: () => "the .part file stayed after the client went away" });
    expect(await spoolFiles(server.dataDir)).toEqual(filesBefore);
    expect(await jobsOf(server, "carol")).toEqual([]);
    const getJobs = encodeIppMessage({
      version: { major: 2, minor: 0 },
      code: IppOperation.getJobs,
      requestId: 7,
      groups: [operationGroup([...preamble(), attr("requesting-user-name", name("carol")), attr("which-jobs", keyword("all"))])],
    });
    const listed = decodeIppAnswer((await postIpp({ port: server.port }, getJobs)).body);
    expect(statusName(listed.code)).toBe("successful-ok");
    expect(listed.groups.filter((group) => group.tag === GroupTag.job)).toEqual([]);
  }, 120_000);
});

function preamble(): IppAttribute[] {
  return [attr("attributes-charset", charset("utf-8")), attr("attributes-natural-language", naturalLanguage("en")), attr("printer-uri", uri("ipp://127.0.0.1/ipp/print"))];
}

describe("size limits (PRINTVAKT_MAX_JOB_SIZE=1MiB)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ PRINTVAKT_MAX_JOB_SIZE: "1MiB" });
  });
  afterAll(() => stopServer(server));

  test("a larger document gets client-error-request-entity-too-large and nothing is stored", async () => {
    const upload = startUpload(server.port, { body: withHeader(printJobHeader({ user: "dave" }), generatedDocument(4 * MiB)) });
    expect(ippStatusOf(await upload.answer)).toBe("client-error-request-entity-too-large");
    expect(await spoolFiles(server.dataDir)).toEqual([]);
    expect(await jobsOf(server, "dave")).toEqual([]);
  });

  test("Expect: 100-continue with a too-large Content-Length gets 413 before a byte of the body", async () => {
    const answer = await expectContinue(server.port, { "Content-Length": String(3 * MiB) });
    expect(answer).toMatchObject({ status: 413, continued: false });
  });

  test("Expect: 100-continue within the limit gets 100 Continue (the refusal above is about size)", async () => {
    const answer = await new Promise<boolean>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port: server.port, path: "/ipp/print", method: "POST", agent: false, headers: { "Content-Type": "application/ipp", Expect: "100-continue", "Content-Length": "1000" } });
      request.on("continue", () => {
        resolve(true);
        request.destroy();
      });
      request.on("response", () => resolve(false));
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(answer).toBe(true);
  });
});

describe("an untrusted network (PRINTVAKT_TRUSTED_NETWORKS=10.0.0.0/8; the test client is 127.0.0.1)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ PRINTVAKT_TRUSTED_NETWORKS: "10.0.0.0/8" });
  });
  afterAll(() => stopServer(server));

  test("Expect: 100-continue without credentials gets 401 with a Basic challenge before the body", async () => {
    const answer = await expectContinue(server.port, { "Content-Length": "2000" });
    expect(answer).toMatchObject({ status: 401, continued: false });
    expect(answer.headers["www-authenticate"]).toMatch(/^Basic /);
  });
});

describe("quota (PRINTVAKT_QUOTA_JOBS=2)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ PRINTVAKT_QUOTA_JOBS: "2" });
  });
  afterAll(() => stopServer(server));

  test("the third held job of one person is refused with client-error-not-possible; another person is unaffected", async () => {
    const document = makePdf();
    const outcomes = [];
    for (let index = 1; index <= 3; index += 1) outcomes.push((await printJob(server.port, { user: "alice", title: `Kvot ${index}`, document })).status);
    expect(outcomes).toEqual(["successful-ok", "successful-ok", "client-error-not-possible"]);
    expect((await printJob(server.port, { user: "bob", title: "Annan person", document })).status).toBe("successful-ok");
    expect((await jobsOf(server, "alice")).length).toBe(2);
    expect((await spoolFiles(server.dataDir)).filter((file) => file.endsWith(".pvs"))).toHaveLength(3);
  });
});

describe("concurrent uploads (PRINTVAKT_MAX_UPLOADS=1)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ PRINTVAKT_MAX_UPLOADS: "1" });
  });
  afterAll(() => stopServer(server));

  test("while one slow upload is in progress a second gets server-error-busy; the first still completes", async () => {
    const slow = startUpload(server.port);
    slow.request.write(printJobHeader({ user: "alice", title: "Långsam" }));
    await writeDocument(slow.request, MiB);
    await waitFor(async () => ((await partialFilesIn(server)).length > 0 ? true : undefined), { timeoutMs: 20_000, describe: () => "the first upload never reached the spool" });
    expect((await printJob(server.port, { user: "bob", title: "Samtidig", document: makePdf() })).status).toBe("server-error-busy");
    slow.request.end();
    expect(ippStatusOf(await slow.answer)).toBe("successful-ok");
    expect(await jobsOf(server, "bob")).toEqual([]);
  });
});

describe("slow clients (PRINTVAKT_HEADER_TIMEOUT=2s, PRINTVAKT_IDLE_TIMEOUT=3s)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer({ PRINTVAKT_HEADER_TIMEOUT: "2s", PRINTVAKT_IDLE_TIMEOUT: "3s" });
  });
  afterAll(() => stopServer(server));

  test("a client sending its IPP header one octet per second is disconnected long before the header is complete", async () => {
    const header = printJobHeader({ user: "erik", title: "Droppvis" });
    const upload = startUpload(server.port);
    let sent = 0;
    upload.request.write(header.subarray(0, 1));
    sent = 1;
    const drip = setInterval(() => {
      if (sent < header.length) upload.request.write(header.subarray(sent, (sent += 1)));
    }, 1_000);
    await upload.closed;
    clearInterval(drip);
    // One octet a second: the whole header would have taken header.length seconds.
    expect(sent).toBeLessThan(header.length / 4);
    expect(await upload.answer.then(() => "answered", () => "disconnected")).toBe("disconnected");
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);

  test("a client silent mid-upload beyond the idle timeout is disconnected and leaves nothing behind", async () => {
    const upload = startUpload(server.port);
    upload.request.write(printJobHeader({ user: "frida", title: "Tyst" }));
    await writeDocument(upload.request, 256 * 1024);
    await waitFor(async () => ((await partialFilesIn(server)).length > 0 ? true : undefined), { timeoutMs: 20_000, describe: () => "the upload never reached the spool" });
    await upload.closed;
    await waitFor(async () => ((await partialFilesIn(server)).length === 0 ? true : undefined), { timeoutMs: 20_000, describe: () => "the .part file stayed after the idle disconnect" });
    expect(await spoolFiles(server.dataDir)).toEqual([]);
    expect(await jobsOf(server, "frida")).toEqual([]);
  }, 60_000);
});

describe("malformed envelopes and hostile values (default settings)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => stopServer(server));

  const getPrinterAttributes = (operation: Buffer[]) => wire(envelope({ code: IppOperation.getPrinterAttributes, requestId: 3 }), GroupTag.operation, ...operation, GroupTag.endOfAttributes);
  const charsetField = (value: string) => field(ValueTag.charset, "attributes-charset", value);
  const languageField = field(ValueTag.naturalLanguage, "attributes-natural-language", "en");
  const printerUriField = field(ValueTag.uri, "printer-uri", "ipp://127.0.0.1/ipp/print");
  const valid = getPrinterAttributes([charsetField("utf-8"), languageField, printerUriField]);
  const MALFORMED: ReadonlyArray<[label: string, octets: Buffer, status: string]> = [
    ["the 32 octets that hang the ipp package", IPP_PACKAGE_HANG_32_OCTETS, "client-error-request-value-too-long"],
    ["version 9.0", Buffer.concat([Buffer.of(9, 0), valid.subarray(2)]), "server-error-version-not-supported"],
    ["request-id 0", Buffer.concat([valid.subarray(0, 4), Buffer.alloc(4), valid.subarray(8)]), "client-error-bad-request"],
    ["no attributes-charset", getPrinterAttributes([languageField, printerUriField]), "client-error-bad-request"],
    ["charset iso-8859-1", getPrinterAttributes([charsetField("iso-8859-1"), languageField, printerUriField]), "client-error-charset-not-supported"],
  ];

  test("each malformed request gets its IPP status and one job.rejected audit entry with the peer", async () => {
    const before = (await auditEntries(server.dataDir)).length;
    // Identical refusals from one peer are coalesced (one entry, then a count): each request comes
    // from its own loopback address so that every one of them opens its own window.
    const peerOf = (index: number) => `127.0.1.${index + 1}`;
    for (const [index, [label, octets, status]] of MALFORMED.entries()) {
      expect(ippStatusOf(await postIpp({ port: server.port, localAddress: peerOf(index) }, octets)), label).toBe(status);
    }
    const added = (await auditEntries(server.dataDir)).slice(before);
    expect(added.map((entry) => [entry.type, entry.details.status, entry.details.peer])).toEqual(MALFORMED.map(([, , status], index) => ["job.rejected", status, peerOf(index)]));
  });

  test("hostile job names and user names are sanitised or refused, never crash the server, and never reach its log", async () => {
    const marker = "Utredning-4711";
    const controlAndHtml = `<script>alert("x")</script>\u0007\u001b[31m${marker}\r\n<b>`;
    // 12 + 2 × 16,377 + 1 = 32,767 octets in UTF-8: the longest value IPP (and cupsd) allows.
    const longTitle = `Lång-titel-${"å".repeat(16_377)}x`;
    expect(Buffer.byteLength(longTitle)).toBe(32_767);
    const document = makePdf();

    const html = await printJob(server.port, { user: "gustav", title: controlAndHtml, document });
    expect(html.status).toBe("successful-ok");
    expect((await printJob(server.port, { user: "gustav", title: longTitle, document })).status).toBe("successful-ok");
    // One octet more: our own encoder refuses to write it, so it is built field by field.
    const tooLong = wire(
      envelope({ code: IppOperation.printJob, requestId: 5 }),
      GroupTag.operation,
      charsetField("utf-8"),
      languageField,
      printerUriField,
      field(ValueTag.nameWithoutLanguage, "requesting-user-name", "gustav"),
      field(ValueTag.nameWithoutLanguage, "job-name", `${longTitle}y`),
      GroupTag.endOfAttributes,
      document,
    );
    expect(ippStatusOf(await postIpp({ port: server.port }, tooLong))).toBe("client-error-request-value-too-long");
    for (const user of ["../../etc", "root\u0000", "<b>root</b>"]) {
      expect((await printJob(server.port, { user, title: `${marker}-${user}`, document })).status, JSON.stringify(user)).toBe("client-error-bad-request");
    }

    // A name believed from requesting-user-name sees "Job N", never the title (review H4); the title
    // as stored, which the owner sees at a screen kiosk, has no control characters and at most 255.
    const listing = encodeIppMessage({
      version: { major: 2, minor: 0 },
      code: IppOperation.getJobAttributes,
      requestId: 9,
      groups: [operationGroup([...preamble(), attr("job-id", integer(html.jobId!)), attr("requesting-user-name", name("gustav"))])],
    });
    expect(firstString(decodeIppAnswer((await postIpp({ port: server.port }, listing)).body), GroupTag.job, "job-name")).toBe(`Job ${html.jobId}`);
    const shown = await storedTitle(server.dataDir, html.jobId!);
    expect(shown).toContain(marker);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(shown!.length).toBeLessThanOrEqual(255);

    for (const owner of ["etc", "root", "..", "../../etc"]) expect(await jobsOf(server, owner)).toEqual([]);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    const log = JSON.stringify(server.logs);
    expect(log).not.toContain(marker);
    expect(log).not.toContain("Lång-titel");
    expect(log).not.toContain("<script>");
    expect(JSON.stringify(await auditEntries(server.dataDir))).not.toContain(marker);
  });
});
