// CUPS's own clients and a CUPS site server against Printvakt, for issue 14 (review F5, F6, F7, F11,
// F12, F14, F15): cancel, lpstat by queue name, mistyped destinations, refused documents through a
// raw queue, anonymous Get-Job-Attributes, page counts and sniffed formats of real documents.
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { JOB_STATES } from "../../server/jobs/job-states.js";
import { listJobsOfOwner } from "../../server/store/jobs.js";
import { parseRequestId, startCupsd, type Cupsd } from "../support/cupsd.js";
import { runIpptool } from "../support/ipptool.js";
import { writeIpptoolTest } from "../support/ipptool-test-file.js";
import { makePdf } from "../support/pdf.js";
import { makePwgRaster } from "../support/pwg-raster.js";
import { auditEntries, jobOf, spoolFiles, withDatabase } from "../support/printvakt-data.js";
import type { ServerProcess } from "../support/printvakt-server.js";
import { runCommand, waitFor, type CommandResult } from "../support/processes.js";
import { startServerWithSink } from "../support/server-with-sink.js";
import { requireTool } from "../support/tools.js";

let scratch: string;
let server: ServerProcess;
let host: string;
const documents: Record<"pdf" | "pwg" | "urf" | "jpeg" | "text", string> = { pdf: "", pwg: "", urf: "", jpeg: "", text: "" };

function clientEnv(): NodeJS.ProcessEnv {
  const { CUPS_SERVER: _server, CUPS_USER: _user, ...rest } = process.env;
  return { ...rest, HOME: join(scratch, "home"), LC_ALL: "C" };
}

function cups(tool: string, args: readonly string[]): Promise<CommandResult> {
  return runCommand(requireTool(tool), args, { env: clientEnv() });
}

async function lpSubmit(user: string, file: string, extra: string[] = []): Promise<number> {
  const lp = await cups("lp", ["-h", host, "-U", user, "-d", "secure", ...extra, file]);
  expect(lp.exitCode, lp.stderr).toBe(0);
  expect(lp.stdout).toMatch(/^request id is secure-\d+ /);
  return parseRequestId(lp.stdout);
}

async function allJobsOf(owner: string) {
  return withDatabase(server.dataDir, (db) => listJobsOfOwner(db, owner, JOB_STATES));
}

async function ghostscript(device: string, input: string, output: string, extra: string[] = []): Promise<string> {
  await promisify(execFile)(requireTool("gs"), ["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", `-sDEVICE=${device}`, "-r75", ...extra, `-sOutputFile=${output}`, input]);
  return output;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "printvakt-cups-fleet-"));
  await chmod(scratch, 0o755);
  await mkdir(join(scratch, "home"));
  documents.pdf = join(scratch, "three-pages.pdf");
  await writeFile(documents.pdf, makePdf({ pages: 3, text: "Printvakt fleet" }), { mode: 0o644 });
  documents.pwg = join(scratch, "two-pages.pwg");
  await writeFile(documents.pwg, makePwgRaster({ type: "sgray_8", dpi: 150, widthPoints: 595, heightPoints: 842, pages: 2 }), { mode: 0o644 });
  const twoPagePdf = join(scratch, "two-pages.pdf");
  await writeFile(twoPagePdf, makePdf({ pages: 2 }));
  documents.urf = await ghostscript("urf", twoPagePdf, join(scratch, "two-pages.urf"));
  documents.jpeg = await ghostscript("jpeg", twoPagePdf, join(scratch, "page.jpg"), ["-dFirstPage=1", "-dLastPage=1"]);
  documents.text = join(scratch, "note.txt");
  await writeFile(documents.text, "Plain text, not a PDF.\n".repeat(40), { mode: 0o644 });
  ({ server, host } = await startServerWithSink(scratch));
});

afterAll(async () => {
  await server?.stop();
});

describe("cancel (review F6)", () => {
  test("cancel secure-N cancels the owner's job (posted to /jobs/), and is not found for anybody else", async () => {
    const jobId = await lpSubmit("alice", documents.pdf);
    const asBob = await cups("cancel", ["-h", host, "-U", "bob", `secure-${jobId}`]);
    expect(asBob.exitCode).toBe(1);
    expect(asBob.stderr).toContain("The job does not exist");
    expect((await jobOf(server.dataDir, jobId))?.state).toBe("held");
    const asAlice = await cups("cancel", ["-h", host, "-U", "alice", `secure-${jobId}`]);
    expect(asAlice.exitCode, asAlice.stderr).toBe(0);
    expect((await jobOf(server.dataDir, jobId))?.state).toBe("cancelled");
    const cancelled = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.cancelled" && entry.subject === `job:${jobId}`);
    expect(cancelled.map((entry) => entry.details.operation)).toEqual(["Cancel-Job"]);
  });

  test("cancel -x N (purge-jobs true) cancels the job too", async () => {
    const jobId = await lpSubmit("alice", documents.pdf);
    const purge = await cups("cancel", ["-h", host, "-U", "alice", "-x", String(jobId)]);
    expect(purge.exitCode, purge.stderr).toBe(0);
    expect((await jobOf(server.dataDir, jobId))?.state).toBe("cancelled");
  });

  test("cancel -a (Cancel-Jobs to /admin/) cancels all of the requester's own jobs and nobody else's", async () => {
    const alices = [await lpSubmit("alice", documents.pdf), await lpSubmit("alice", documents.pdf)];
    const bobs = await lpSubmit("bob", documents.pdf);
    const all = await cups("cancel", ["-h", host, "-U", "alice", "-a"]);
    expect(all.exitCode, all.stderr).toBe(0);
    for (const jobId of alices) expect((await jobOf(server.dataDir, jobId))?.state).toBe("cancelled");
    expect((await jobOf(server.dataDir, bobs))?.state).toBe("held");
    const operations = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.cancelled" && alices.some((id) => entry.subject === `job:${id}`));
    expect(operations.map((entry) => entry.details.operation)).toEqual(["Cancel-Jobs", "Cancel-Jobs"]);
    const purgeAll = await cups("cancel", ["-h", host, "-U", "bob", "-x", "-a"]);
    expect(purgeAll.exitCode, purgeAll.stderr).toBe(0);
    expect((await jobOf(server.dataDir, bobs))?.state).toBe("cancelled");
  });
});

describe("lpstat by the queue name lp printed (review F12)", () => {
  test("lpstat -o secure lists held jobs as secure-N; -W completed -o secure lists the cancelled ones", async () => {
    const held = await lpSubmit("carol", documents.pdf);
    const gone = await lpSubmit("carol", documents.pdf);
    expect((await cups("cancel", ["-h", host, "-U", "carol", String(gone)])).exitCode).toBe(0);
    const notCompleted = await cups("lpstat", ["-h", host, "-U", "carol", "-o", "secure"]);
    expect(notCompleted.exitCode, notCompleted.stderr).toBe(0);
    expect(notCompleted.stdout).toMatch(new RegExp(`^secure-${held}\\s+carol\\s`, "m"));
    expect(notCompleted.stdout).not.toContain(`secure-${gone} `);
    const completed = await cups("lpstat", ["-h", host, "-U", "carol", "-W", "completed", "-o", "secure"]);
    expect(completed.exitCode, completed.stderr).toBe(0);
    expect(completed.stdout).toMatch(new RegExp(`^secure-${gone}\\s+carol\\s`, "m"));
    expect(completed.stdout).not.toContain(`secure-${held} `);
    // ipptool and IPP Everywhere clients on /ipp/print keep the /ipp/print URIs.
    const viaIpp = await runIpptool({
      uri: `ipp://${host}/ipp/print`,
      testFile: await writeIpptoolTest(scratch, "job-uris.test", [
        {
          name: "job-printer-uri on /ipp/print",
          operation: "Get-Job-Attributes",
          attributes: [`ATTR integer job-id ${held}`, "ATTR name requesting-user-name carol"],
          status: "successful-ok",
          then: ['EXPECT job-printer-uri OF-TYPE uri WITH-VALUE "/ipp/print$$/"', `EXPECT job-uri OF-TYPE uri WITH-VALUE "/ipp/print/${held}$$/"`],
        },
      ]),
    });
    expect(viaIpp.failed, viaIpp.output).toEqual([]);
    expect(viaIpp.passed).toHaveLength(1);
  });
});

describe("a mistyped destination (review F14)", () => {
  test("lp -d nonexistent is refused as not found and leaves no job behind", async () => {
    const notFound = async () => (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.rejected" && entry.details.status === "client-error-not-found").length;
    const refusedBefore = await notFound();
    const lp = await cups("lp", ["-h", host, "-U", "dave", "-d", "nonexistent", documents.pdf]);
    expect(lp.exitCode).toBe(1);
    // lp words client-error-not-found itself.
    expect(lp.stderr).toContain("The printer or class does not exist");
    expect(await allJobsOf("dave")).toEqual([]);
    expect(await notFound()).toBeGreaterThan(refusedBefore);
  });

  test("Create-Job posted to / for another printer's URI is client-error-not-found, and no job is made", async () => {
    const result = await runIpptool({
      uri: `ipp://${host}/`,
      testFile: await writeIpptoolTest(scratch, "other-printer.test", [
        { name: "Create-Job for a printer that is not here", operation: "Create-Job", printerUri: `ipp://${host}/printers/nonexistent`, attributes: ["ATTR name requesting-user-name dave"], status: "client-error-not-found" },
      ]),
    });
    expect(result.failed, result.output).toEqual([]);
    expect(result.passed).toHaveLength(1);
    expect(await allJobsOf("dave")).toEqual([]);
  });
});

describe("Get-Job-Attributes without requesting-user-name (review F15)", () => {
  test("answers as for an anonymous requester: someone's job is not found, not a bad request", async () => {
    const jobId = await lpSubmit("erik", documents.pdf);
    const result = await runIpptool({
      uri: `ipp://${host}/ipp/print`,
      testFile: await writeIpptoolTest(scratch, "anonymous.test", [
        { name: "Get-Job-Attributes, anonymous", operation: "Get-Job-Attributes", attributes: [`ATTR integer job-id ${jobId}`], status: "client-error-not-found" },
        { name: "Get-Job-Attributes, the owner", operation: "Get-Job-Attributes", attributes: [`ATTR integer job-id ${jobId}`, "ATTR name requesting-user-name erik"], status: "successful-ok", then: ["EXPECT job-state WITH-VALUE 4"] },
      ]),
    });
    expect(result.failed, result.output).toEqual([]);
    expect(result.passed).toHaveLength(2);
  });
});

/** Print-Job with ipptool, declaring `format` for `file`; the IPP status ipptool saw. */
async function printJobAs(user: string, file: string, format: string): Promise<string> {
  const result = await runIpptool({
    uri: `ipp://${host}/ipp/print`,
    document: file,
    defines: { format, owner: user },
    testFile: await writeIpptoolTest(scratch, "print-as.test", [
      {
        name: "Print-Job as $format",
        operation: "Print-Job",
        attributes: ["ATTR name requesting-user-name $owner", "ATTR mimeMediaType document-format $format", "FILE $filename"],
        status: "successful-ok",
      },
    ]),
  });
  return /status-code = (\S+)/.exec(result.output)?.[1] ?? (result.failed.length === 0 ? "successful-ok" : result.output);
}

describe("page counts taken from the document (review F7)", () => {
  test.each([
    ["pdf", "application/pdf", "application/pdf", 3],
    ["pdf", "application/octet-stream", "application/pdf", 3],
    ["pwg", "image/pwg-raster", "image/pwg-raster", 2],
    ["urf", "image/urf", "image/urf", 2],
  ] as const)("%s sent as %s: held as %s with %i pages, shown as job-impressions and in the submission's audit entry", async (kind, declared, held, pages) => {
    const user = `pages-${kind}-${declared.replace(/\W/g, "")}`;
    expect(await printJobAs(user, documents[kind], declared)).toBe("successful-ok");
    const [job] = await allJobsOf(user);
    // job.pages is what the kiosk payload (pages) and the console's held-jobs list show.
    expect(job).toMatchObject({ state: "held", sniffedFormat: held, pages });
    const submitted = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.submitted" && entry.subject === `job:${job!.id}`);
    expect(submitted.map((entry) => entry.details.pages)).toEqual([pages]);
    const impressions = await runIpptool({
      uri: `ipp://${host}/ipp/print`,
      testFile: await writeIpptoolTest(scratch, "impressions.test", [
        {
          name: "job-impressions",
          operation: "Get-Job-Attributes",
          attributes: [`ATTR integer job-id ${job!.id}`, `ATTR name requesting-user-name ${user}`],
          status: "successful-ok",
          then: [`EXPECT job-impressions OF-TYPE integer WITH-VALUE ${pages}`],
        },
      ]),
    });
    expect(impressions.failed, impressions.output).toEqual([]);
    expect(impressions.passed).toHaveLength(1);
  });

  test("lp's Create-Job + Send-Document of a 3-page PDF holds 3 pages", async () => {
    const jobId = await lpSubmit("gustav", documents.pdf);
    expect(await jobOf(server.dataDir, jobId)).toMatchObject({ pages: 3, sniffedFormat: "application/pdf" });
    const submitted = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.submitted" && entry.subject === `job:${jobId}`);
    expect(submitted.map((entry) => entry.details.pages)).toEqual([3]);
  });
});

describe("formats are sniffed, never trusted (review F11)", () => {
  test("plain text declared as application/pdf is refused, and nothing is held", async () => {
    expect(await printJobAs("hanna", documents.text, "application/pdf")).toBe("client-error-document-format-not-supported");
    expect(await allJobsOf("hanna")).toEqual([]);
  });

  test("a JPEG declared as application/pdf is held (and released) as the JPEG it is: this fleet's sink takes JPEG", async () => {
    expect(await printJobAs("ingrid", documents.jpeg, "application/pdf")).toBe("successful-ok");
    // sniffedFormat is what release sends as document-format; documentFormat keeps what the client said.
    expect(await allJobsOf("ingrid")).toMatchObject([{ documentFormat: "application/pdf", sniffedFormat: "image/jpeg", pages: 1 }]);
  });
});

describe("a refused Send-Document aborts its job (review F5)", () => {
  test("declared text/plain: refused, and the job is aborted with the reason; nothing is left incoming", async () => {
    const result = await runIpptool({
      uri: `ipp://${host}/ipp/print`,
      document: documents.text,
      testFile: await writeIpptoolTest(scratch, "refused-send.test", [
        { name: "Create-Job", operation: "Create-Job", attributes: ["ATTR name requesting-user-name lena"], status: "successful-ok", then: ["EXPECT job-id OF-TYPE integer"] },
        {
          name: "Send-Document text/plain",
          operation: "Send-Document",
          attributes: ["ATTR integer job-id $job-id", "ATTR name requesting-user-name lena", "ATTR boolean last-document true", "ATTR mimeMediaType document-format text/plain", "FILE $filename"],
          status: "client-error-document-format-not-supported",
        },
        {
          name: "the job is aborted",
          operation: "Get-Job-Attributes",
          attributes: ["ATTR integer job-id $job-id", "ATTR name requesting-user-name lena"],
          status: "successful-ok",
          then: ["EXPECT job-state WITH-VALUE 8", 'EXPECT job-state-message WITH-VALUE "/^The document was refused/"'],
        },
      ]),
    });
    expect(result.failed, result.output).toEqual([]);
    expect(result.passed).toHaveLength(3);
    const [job] = await allJobsOf("lena");
    expect(job).toMatchObject({ state: "refused", wrappedKey: null, spoolId: null });
    const audited = (await auditEntries(server.dataDir)).filter((entry) => entry.subject === `job:${job!.id}` && entry.type === "job.document-refused");
    expect(audited.map((entry) => entry.details.errorCode)).toEqual(["document-format-not-supported"]);
  });
});

describe("a refused document through a CUPS site server's raw queue (review F5)", () => {
  let cupsd: Cupsd;
  beforeAll(async () => {
    cupsd = await startCupsd({ logLevel: "debug" });
  });
  afterAll(async () => {
    await cupsd?.stop();
  });

  test("Send-Document refused: the job is aborted with its reason, audited, nothing spooled; the site server's backend is told so", async () => {
    const added = await cupsd.lpadmin(["-p", "raw", "-E", "-v", `ipp://${host}/ipp/print`]);
    expect(added.exitCode, added.stderr).toBe(0);
    const spooledBefore = (await spoolFiles(server.dataDir)).length;
    const lp = await cupsd.lp(["-d", "raw", "-U", "jonas", documents.text]);
    expect(lp.exitCode, lp.stderr).toBe(0);
    const localJob = parseRequestId(lp.stdout);
    const [job] = await waitFor(async () => {
      const jobs = await allJobsOf("jonas");
      return jobs.length > 0 && jobs[0]!.state !== "incoming" ? jobs : undefined;
    }, { timeoutMs: 30_000, describe: async () => `no finished job for jonas at Printvakt:\n${await cupsd.errorLog()}` });
    expect(job).toMatchObject({ state: "refused", spoolId: null, wrappedKey: null });
    expect(job!.stateReason).toContain("not in a format the printers can print");
    const refused = (await auditEntries(server.dataDir)).filter((entry) => entry.subject === `job:${job!.id}`);
    expect(refused.map((entry) => entry.type)).toEqual(["job.document-refused"]);
    expect(refused[0]!.details).toMatchObject({ operation: "Send-Document", errorCode: "document-format-not-supported" });
    expect((await spoolFiles(server.dataDir)).length).toBe(spooledBefore);
    // What the site server's ipp backend was told: the refusal, then job-state aborted when it asked.
    // (CUPS 2.4.2's backend still ends its own job as "completed" unless its monitor thread polls
    // before the backend exits: its wait loop stops on aborted without failing. The error stays
    // the job's printer-state message.)
    const log = await waitFor(async () => {
      const text = await cupsd.errorLog();
      return text.includes(`[Job ${localJob}] Job completed.`) || text.includes(`[Job ${localJob}] Job canceled`) || text.includes(`[Job ${localJob}] Print job canceled at printer.`) ? text : undefined;
    }, { timeoutMs: 60_000, describe: () => cupsd.errorLog() });
    const backend = log.split("\n").filter((line) => line.includes(`[Job ${localJob}]`));
    expect(backend.some((line) => /Send-Document: client-error-document-format-not-supported/.test(line)), log).toBe(true);
    expect(backend.some((line) => /Set job-printer-state-message to "Unable to add document to print job\."/.test(line)), log).toBe(true);
    expect(backend.some((line) => /job-state enum aborted$/.test(line)), log).toBe(true);
    expect(backend.some((line) => /job-state enum pending-held$/.test(line) && backend.indexOf(line) > backend.findIndex((other) => other.includes("Send-Document: client-error")))).toBe(false);
  });
});

describe("finishing options are kept for the printer (review F16)", () => {
  test("lp's number-up, collation, print-scaling and output-bin are held with the job and shown over IPP", async () => {
    const jobId = await lpSubmit("klara", documents.pdf, ["-n", "2", "-o", "multiple-document-handling=separate-documents-uncollated-copies", "-o", "number-up=2", "-o", "print-scaling=fit", "-o", "output-bin=face-down"]);
    const job = await jobOf(server.dataDir, jobId);
    expect(job?.template).toMatchObject({ copies: 2, "number-up": 2, "multiple-document-handling": "separate-documents-uncollated-copies", "print-scaling": "fit", "output-bin": "face-down" });
    const shown = await runIpptool({
      uri: `ipp://${host}/ipp/print`,
      testFile: await writeIpptoolTest(scratch, "finishing.test", [
        {
          name: "finishing options shown",
          operation: "Get-Job-Attributes",
          attributes: [`ATTR integer job-id ${jobId}`, "ATTR name requesting-user-name klara"],
          status: "successful-ok",
          then: [
            "EXPECT number-up OF-TYPE integer WITH-VALUE 2",
            "EXPECT multiple-document-handling OF-TYPE keyword WITH-VALUE separate-documents-uncollated-copies",
            "EXPECT print-scaling OF-TYPE keyword WITH-VALUE fit",
            "EXPECT output-bin OF-TYPE keyword WITH-VALUE face-down",
          ],
        },
      ]),
    });
    expect(shown.failed, shown.output).toEqual([]);
    expect(shown.passed).toHaveLength(1);
  });
});
