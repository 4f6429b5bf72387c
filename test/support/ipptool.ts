// Runs ipptool conformance files (the PWG ones or our own) against a printer URI and reads the PASS/FAIL lines.
import { copyFile } from "node:fs/promises";
import { basename, isAbsolute, join } from "node:path";
import { ipptoolWorkDir, PWG_TEST_DIR, writeNamedDocuments } from "./ipptool-documents.js";
import { runCommand } from "./processes.js";
import { requireTool } from "./tools.js";

export interface IpptoolOptions {
  /** e.g. ipp://localhost:8631/ipp/print */
  uri: string;
  /** A file name from /usr/share/cups/ipptool (e.g. "print-job.test") or an absolute path to our own .test file. */
  testFile: string;
  /** -V: IPP version to send; ipptool's default is 2.0. */
  version?: "1.0" | "1.1" | "2.0" | "2.1" | "2.2";
  /** -f: the document behind $filename; default a generated one-page A4 PDF. */
  document?: string;
  /** -d name=value, e.g. { NOPRINT: "1" } to skip the printing tests of ipp-1.1.test. */
  defines?: Record<string, string>;
  /** More ipptool arguments, e.g. ["-T", "10"]. */
  extraArgs?: string[];
  /** Added to ipptool's environment, e.g. { CUPS_USER: "someone" } for its requesting-user-name. */
  env?: Record<string, string>;
  /** Sees ipptool's report as it is written (ipptool prints each test's name before sending it). */
  onStdout?: (text: string) => void;
  /** -I: carry on after a failed test (default true), so one run reports every failure. */
  keepGoing?: boolean;
  /**
   * ipptool is killed after this long and runIpptool throws; default 600 s. Against a printer that
   * answers server-error-busy (ippeveprinter takes one job at a time) ipptool waits before each retry:
   * ipp-2.0.test then takes about 45 s and ipp-everywhere.test well over 5 minutes.
   */
  timeoutMs?: number;
}

export interface IpptoolResult {
  /**
   * ipptool's exit status. Judge a run by `failed`, not by this: failures inside an INCLUDEd file
   * (ipp-2.0.test includes ipp-1.1.test) leave it at 0.
   */
  exitCode: number | null;
  /** Test names as ipptool prints them (it cuts long names at about 60 characters), in order. */
  passed: string[];
  failed: string[];
  skipped: string[];
  /** stdout then stderr: the report, with what was expected and received for each failure. */
  output: string;
}

let customCount = 0;

// Our own .test files are copied beside the PWG ones, so they can INCLUDE them and name the same documents.
async function placeTestFile(testFile: string, workDir: string): Promise<string> {
  if (!isAbsolute(testFile)) return join(workDir, testFile);
  if (testFile.startsWith(`${PWG_TEST_DIR}/`)) return join(workDir, basename(testFile));
  customCount += 1;
  const placed = join(workDir, `custom-${process.pid}-${customCount}-${basename(testFile)}`);
  await copyFile(testFile, placed);
  await writeNamedDocuments(placed);
  return placed;
}

/** Parses `ipptool -t` output into test names by verdict. */
export function parseIpptoolReport(output: string): Pick<IpptoolResult, "passed" | "failed" | "skipped"> {
  const passed: string[] = [];
  const failed: string[] = [];
  const skipped: string[] = [];
  // Repeated tests also print progress lines such as "[0001]"; only the verdicts count.
  for (const match of output.matchAll(/^ {4}(\S.*?)\s+\[(PASS|FAIL|SKIP)\]\s*$/gm)) {
    const bucket = match[2] === "PASS" ? passed : match[2] === "FAIL" ? failed : skipped;
    bucket.push(match[1]!);
  }
  return { passed, failed, skipped };
}

/** Runs `ipptool -t [-I] [-V v] -f DOCUMENT URI FILE` in the prepared work folder. */
export async function runIpptool(options: IpptoolOptions): Promise<IpptoolResult> {
  const ipptool = requireTool("ipptool");
  const workDir = await ipptoolWorkDir();
  const testFile = await placeTestFile(options.testFile, workDir);
  const args = ["-t"];
  if (options.keepGoing !== false) args.push("-I");
  if (options.version !== undefined) args.push("-V", options.version);
  for (const [name, value] of Object.entries(options.defines ?? {})) args.push("-d", `${name}=${value}`);
  args.push("-f", options.document ?? join(workDir, "testfile.pdf"));
  args.push(...(options.extraArgs ?? []), options.uri, testFile);

  const timeoutMs = options.timeoutMs ?? 600_000;
  const env = options.env === undefined ? undefined : { ...process.env, ...options.env };
  const result = await runCommand(ipptool, args, { cwd: workDir, timeoutMs, env, onStdout: options.onStdout });
  const output = `${result.stdout}${result.stderr}`;
  if (result.exitCode === null) {
    throw new Error(`ipptool ${basename(testFile)} against ${options.uri} did not finish in ${timeoutMs} ms:\n${output}`);
  }
  return { exitCode: result.exitCode, ...parseIpptoolReport(output), output };
}
