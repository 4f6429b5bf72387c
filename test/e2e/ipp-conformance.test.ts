// The PWG/CUPS ipptool conformance files against a running Printvakt (the held queue /ipp/print).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseIpptoolReport, runIpptool } from "../support/ipptool.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

/**
 * The checks in ipp-2.0.test that need the file's first Print-Job to have finished printing. A held
 * queue never finishes a job on its own (its owner releases it at a kiosk), so on a fresh queue these
 * fail — and only these. Named in README.md under "Conformance". (ipptool cuts long names.)
 */
const FAILS_BECAUSE_JOBS_STAY_HELD = [
  // asks 30 times, 5 s apart, for job-state > 6 (completed, canceled, aborted)
  "Get-Job-Attributes Until Job Complete",
  // expect that completed job in the list
  "RFC 8011 section 4.2.6: Get-Jobs Operation (which-jobs=completed)",
  "RFC 8011 section 4.2.6: Get-Jobs Operation (which-jobs, requested-at",
  // cancels "the completed job" (the list was empty, so the still-held one) and expects not-possible
  "RFC 8011 section 4.3.3: Cancel-Job Operation (completed job)",
];

/** ipp-2.0.test (via ipp-1.1.test) skips these itself, each for a capability the queue does not offer. */
const SKIPPED_BY_THE_TEST_FILE: Record<string, string> = {
  "RFC 8011 section 4.2.2: Print-URI Operation": "Print-URI is not supported (the server fetches nothing)",
  "Print-URI with bad URI: Print-URI Operation": "Print-URI",
  "RFC 8011 section 4.2.4: Create-Job Operation": "the Create-Job that precedes Send-URI",
  "RFC 8011 section 4.3.2: Send-URI Operation": "Send-URI is not supported",
  "Send-URI with bad URI: Create-Job Operation": "Send-URI",
  "Send-URI with bad URI: Send-URI Operation (bad URI)": "Send-URI",
  "Send-URI with bad URI: Cancel-Job Operation": "Send-URI",
  "Print-Job with A4 PostScript": "no PostScript: the printers released to may not take it",
  "Print-Job with A4 PostScript, Duplex": "no PostScript",
  "Print-Job with US Letter PostScript": "no PostScript",
  "Print-Job with US Letter PostScript, Duplex": "no PostScript",
  "Print-Job with A4 PDF and Standard Sheet": "job-sheets is none only (banner pages would print names)",
  "Print-Job with US Letter PDF and Standard Sheet": "job-sheets is none only",
  "Print-Job with A4 PDF, 2-Up": "number-up is 1 only",
  "Print-Job with US Letter PDF, 2-Up": "number-up is 1 only",
  // ipp-1.1.test looks for `print-quality` (not print-quality-supported) to decide; no printer has it.
  "Print-Job with JPEG on 4x6, Draft Quality": "the test file looks for print-quality, not print-quality-supported",
  "Print-Job with JPEG on 4x6, Normal Quality": "as above",
  "Print-Job with JPEG on 4x6, High Quality": "as above",
  // ipp-1.1.test looks for `print-quality` (not print-quality-supported) to decide; no printer has it.
  "Print-Job with A4 PDF, Draft Quality": "the test file looks for print-quality, not print-quality-supported",
  "Print-Job with US Letter PDF, Draft Quality": "as above",
};

describe("ipptool conformance files, each on its own", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startPrintvaktServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const files = [
    ["print-job.test", ["Print file using Print-Job"]],
    ["create-job.test", ["Print test page using create-job", "... and send-document"]],
    ["validate-job.test", ["Validate file/ticket using Validate-Job"]],
    ["get-jobs.test", ["Get pending jobs"]],
    ["print-job-hold.test", ["Print-Job w/job-hold-until=indefinite", "Release-Job"]],
    ["print-job-password.test", ["Print file using Print-Job"]],
    ["print-job-deflate.test", ["Print file using Print-Job and compression=deflate"]],
    ["print-job-gzip.test", ["Print file using Print-Job and compression=gzip"]],
    ["cancel-current-job.test", ["Get current job", "Cancel current job"]],
    ["identify-printer.test", ["Identify Printer with Sound"]],
  ] as const;

  test.each(files)("%s passes every test in it", async (testFile, names) => {
    const result = await runIpptool({ uri: `ipp://127.0.0.1:${server.port}/ipp/print`, testFile, timeoutMs: 60_000 });
    expect(result.failed, result.output).toEqual([]);
    expect(result.skipped, result.output).toEqual([]);
    expect(result.passed, result.output).toEqual(names);
    expect(result.exitCode, result.output).toBe(0);
  }, 90_000);
});

describe("get-printer-attributes-suite.test", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startPrintvaktServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("passes except its own broken check: media-col-database comes only when named (review F9)", async () => {
    const result = await runIpptool({ uri: `ipp://127.0.0.1:${server.port}/ipp/print`, testFile: "get-printer-attributes-suite.test", timeoutMs: 60_000 });
    // CUPS 2.4.2's file asks for 'all' in the test named after media-col-database and then expects
    // media-col-database and nothing else, which no printer can answer.
    expect(result.failed, result.output).toEqual(["Get-Printer-Attributes (requested-attributes='media-col-database')"]);
    expect(result.passed, result.output).toEqual([
      "Get-Printer-Attributes (no requested-attributes)",
      "Get-Printer-Attributes (requested-attributes='all')",
      "Get-Printer-Attributes (requested-attributes='all','media-col-databa",
      "Get-Printer-Attributes (requested-attributes='none')",
      "Get-Printer-Attributes (requested-attributes='printer-description')",
      "Get-Printer-Attributes (requested-attributes='job-template')",
    ]);
  }, 90_000);
});

// ipp-2.0.test (with ipp-1.1.test inside, as an IPP/2.0 client) and ipp-everywhere.test (which
// includes both again) each spend ~150 s waiting: ipp-1.1.test asks 30 times, 5 s apart, whether a held
// job has completed. They run at the same time, each against its own server (each file's Get-Jobs
// checks count the jobs it submitted), so CI waits that 150 s once instead of twice.
describe("ipp-2.0.test and ipp-everywhere.test, side by side", () => {
  let ipp20Server: ServerProcess;
  let everywhereServer: ServerProcess;
  beforeAll(async () => {
    // ipptool opens a connection for ipp-2.0.test, leaves it silent while the included ipp-1.1.test
    // runs (~150 s, most of it waiting for a held job to complete), and does not reconnect when the
    // server has closed it meanwhile. The default keep-alive timeout (5 min, apart from the header
    // timeout) keeps that idle connection open: these run with the defaults.
    [ipp20Server, everywhereServer] = await Promise.all([startPrintvaktServer(), startPrintvaktServer()]);
  });
  afterAll(async () => {
    await Promise.all([ipp20Server?.stop(), everywhereServer?.stop()]);
  });

  // About 150 s: "Get-Job-Attributes Until Job Complete" asks 30 times, 5 s apart.
  test.concurrent("ipp-2.0.test: everything passes except the checks that need a job to have completed", async () => {
    const result = await runIpptool({ uri: `ipp://127.0.0.1:${ipp20Server.port}/ipp/print`, testFile: "ipp-2.0.test", version: "2.0", timeoutMs: 400_000 });
    expect(result.failed, result.output).toEqual(FAILS_BECAUSE_JOBS_STAY_HELD);
    expect([...new Set(result.skipped)].sort(), result.output).toEqual(Object.keys(SKIPPED_BY_THE_TEST_FILE).sort());
    // Every other test ran and passed, the last one being ipp-2.0.test's own.
    expect(result.passed.length, result.output).toBe(39);
    expect(result.passed.at(-1)).toBe("PWG 5100.12 section 6.2 - Required Printer Description Attributes");
  }, 420_000);

  // About 4 minutes: the 150 s wait of ipp-1.1.test, then ~100 PWG raster and JPEG Print-Jobs.
  test.concurrent("ipp-everywhere.test: the fixed IPP Everywhere set passes everything but the checks that need a job to complete (review F2, F8)", async () => {
    const result = await runIpptool({ uri: `ipp://127.0.0.1:${everywhereServer.port}/ipp/print`, testFile: "ipp-everywhere.test", timeoutMs: 500_000 });
    expect(result.failed, result.output).toEqual(FAILS_BECAUSE_JOBS_STAY_HELD);
    expect(result.passed, result.output).toContain("PWG 5100.14 section 5.1/5.2 - Required Operations and Attributes");
    // The file's own tests follow its name, which ipptool prints (with the folder) once the included files are done.
    const ownStart = result.output.lastIndexOf('ipp-everywhere.test":');
    expect(ownStart, result.output).toBeGreaterThan(0);
    const own = result.output.slice(ownStart);
    const ownVerdicts = parseIpptoolReport(own);
    // Every PWG raster (black_1, sgray_8, srgb_8 at 300 and 600 dpi, plain, deflate and gzip) and JPEG job.
    expect(ownVerdicts.passed.length, own).toBe(103);
    // What is skipped is only what the queue does not claim: other resolutions and colour spaces.
    expect(ownVerdicts.skipped.filter((name) => !/@ (150|180|360|720)dpi|cmyk-8|srgb-16/.test(name)), own).toEqual([]);
  }, 540_000);
});
