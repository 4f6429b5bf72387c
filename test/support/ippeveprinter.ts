// Starts a real IPP Everywhere printer (ippeveprinter) for tests and records every document it is asked to print.
import { createHash } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "./free-port.js";
import { parseIppEveLog, type RecordedRequest } from "./ippeveprinter-log.js";
import { isRunning, runCommand, spawnGuarded, stopProcess, waitFor } from "./processes.js";
import { ensureTestServices } from "./services.js";
import { requireTool } from "./tools.js";

export type { RecordedRequest } from "./ippeveprinter-log.js";

const RECORD_SCRIPT = fileURLToPath(new URL("./ippeveprinter-record.sh", import.meta.url));
const DEFAULT_FORMATS = ["application/pdf", "image/pwg-raster", "image/urf"];
// How long a printed document waits for its Print-Job/Create-Job to appear in the log before
// waitForDocuments hands it over without one.
const REQUEST_LOG_GRACE_MS = 5_000;

export interface IppEvePrinterOptions {
  /** Printer (and DNS-SD service) name; default "Printvakt Test PORT", unique per printer. */
  name?: string;
  /** document-format-supported; default application/pdf, image/pwg-raster, image/urf. */
  formats?: string[];
  /** Advertise two-sided printing (-2); without it ippeveprinter rejects two-sided jobs. */
  duplex?: boolean;
  /** More ippeveprinter arguments, placed before the name. */
  extraArgs?: string[];
  /** Listen on this port (to bring a printer "back" where a test registered it); default a free one. */
  port?: number;
}

export interface RecordedDocument {
  jobId: number;
  /** The copy kept by the print command. */
  file: string;
  bytes: Buffer;
  sha256: string;
  /** The document-format ippeveprinter settled on (CONTENT_TYPE). */
  contentType: string;
  /** IPP_* variables (the job's attributes, e.g. IPP_COPIES, IPP_SIDES, IPP_JOB_NAME, IPP_JOB_HOLD_UNTIL) and CONTENT_TYPE. */
  env: Record<string, string>;
  /** The Print-Job or Create-Job request that made the job, with all its attributes (job-password appears only here). */
  request: RecordedRequest | undefined;
}

export interface IppEvePrinter {
  uri: string;
  port: number;
  name: string;
  recordDir: string;
  spoolDir: string;
  logFile: string;
  /** Documents printed so far, by job id. */
  documents(): Promise<RecordedDocument[]>;
  /** Waits until at least `count` documents were printed; throws after timeoutMs (default 15 s). */
  waitForDocuments(count: number, timeoutMs?: number): Promise<RecordedDocument[]>;
  /** Every request the printer received, from its -vv log. */
  requests(): Promise<RecordedRequest[]>;
  log(): Promise<string>;
  /**
   * The next job aborts and the printer then reports `reason` (a printer-state-reasons keyword such
   * as media-empty-error) in its printer-state-reasons, as a printer that ran out of paper does.
   */
  failNextJob(reason: string): Promise<void>;
  /** SIGSTOP: the printer stops answering (connections are accepted by the kernel, then hang). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** Ends the printer and removes its folders (kept when PRINTVAKT_KEEP_TEST_DIRS is set). */
  stop(): Promise<void>;
}

function parseEnv0(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split("\0")) {
    const equals = entry.indexOf("=");
    if (equals <= 0) continue;
    const key = entry.slice(0, equals);
    if (key.startsWith("IPP_") || key === "CONTENT_TYPE") env[key] = entry.slice(equals + 1);
  }
  return env;
}

async function readDocuments(recordDir: string, logFile: string): Promise<RecordedDocument[]> {
  const names = (await readdir(recordDir)).filter((name) => name.endsWith(".done"));
  const requests = parseIppEveLog(await readFile(logFile, "utf8"));
  const documents: RecordedDocument[] = [];
  for (const done of names) {
    const base = join(recordDir, done.slice(0, -".done".length));
    const bytes = await readFile(`${base}.doc`);
    const env = parseEnv0(await readFile(`${base}.env0`, "utf8"));
    const jobId = Number(/^job-(\d+)-/.exec(done)?.[1] ?? "0");
    documents.push({
      jobId,
      file: `${base}.doc`,
      bytes,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      contentType: env.CONTENT_TYPE ?? "",
      env,
      request: requests.find(
        (r) => (r.operation === "Print-Job" || r.operation === "Create-Job") && r.jobId === jobId,
      ),
    });
  }
  return documents.sort((a, b) => a.jobId - b.jobId || a.file.localeCompare(b.file));
}

async function answers(uri: string): Promise<boolean> {
  const result = await runCommand(requireTool("ipptool"), ["-T", "2", uri, "get-printer-attributes.test"], {
    timeoutMs: 10_000,
  });
  return result.exitCode === 0;
}

async function startOnce(options: IppEvePrinterOptions): Promise<IppEvePrinter | "port-taken"> {
  const binary = requireTool("ippeveprinter");
  const baseDir = await mkdtemp(join(tmpdir(), "printvakt-ippeve-"));
  const spoolDir = join(baseDir, "spool");
  const recordDir = join(baseDir, "printed");
  const logFile = join(baseDir, "ippeveprinter.log");
  await mkdir(spoolDir);
  await mkdir(recordDir);
  await chmod(baseDir, 0o755);

  const port = options.port ?? (await freePort());
  const name = options.name ?? `Printvakt Test ${port}`;
  const uri = `ipp://localhost:${port}/ipp/print`;
  const formats = options.formats ?? DEFAULT_FORMATS;
  const args = ["-vv", "-n", "localhost", "-p", String(port), "-d", spoolDir, "-k", "-f", formats.join(",")];
  if (options.duplex === true) args.push("-2");
  args.push("-c", RECORD_SCRIPT, ...(options.extraArgs ?? []), name);

  const logFd = openSync(logFile, "a");
  const child = spawnGuarded(binary, args, {
    cwd: baseDir,
    // HOME: anything ippeveprinter keeps per user (TLS credentials) stays in this printer's folder.
    env: { ...process.env, HOME: baseDir, PRINTVAKT_RECORD_DIR: recordDir },
    stdio: ["ignore", logFd, logFd],
  }, { removeOnOrphan: baseDir });
  closeSync(logFd);
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });

  const log = () => readFile(logFile, "utf8");
  const removeDirs = async () => {
    if (process.env.PRINTVAKT_KEEP_TEST_DIRS === undefined) await rm(baseDir, { recursive: true, force: true });
  };

  try {
    const state = await waitFor(
      async () => {
        if (spawnError !== undefined || !isRunning(child)) return "exited";
        return (await answers(uri)) ? "ready" : undefined;
      },
      { timeoutMs: 20_000, describe: async () => `ippeveprinter did not answer on ${uri}:\n${await log()}` },
    );
    if (state === "exited") {
      throw spawnError ?? new Error(`ippeveprinter exited during startup:\n${await log()}`);
    }
  } catch (error) {
    await stopProcess(child);
    const text = await log().catch(() => "");
    await removeDirs();
    if (/in use|Unable to create listen/i.test(text)) return "port-taken";
    throw error;
  }

  // When each printed document was first seen without its request in the log (waitForDocuments),
  // kept for the printer's life so that a later wait does not give the same document its grace again.
  const seenWithoutRequest = new Map<string, number>();
  return {
    uri,
    port,
    name,
    recordDir,
    spoolDir,
    logFile,
    documents: () => readDocuments(recordDir, logFile),
    waitForDocuments: (count, timeoutMs = 15_000) =>
      waitFor(
        async () => {
          const documents = await readDocuments(recordDir, logFile);
          // A small job can finish printing before ippeveprinter has logged the response that names
          // its job-id, so a document counts once its request is in the log too, or once the log
          // has had REQUEST_LOG_GRACE_MS to show it: a client that polls on a second connection
          // while its job is sent (cupsd's ipp backend does) can interleave its lines with the
          // response's, and the job-id then never reaches the parser. Such a document comes back
          // with `request` undefined, and a test that reads the request fails on that, not on time.
          const now = Date.now();
          const settled = documents.every((document) => {
            if (document.request !== undefined) return true;
            const firstSeen = seenWithoutRequest.get(document.file) ?? now;
            seenWithoutRequest.set(document.file, firstSeen);
            return now - firstSeen >= REQUEST_LOG_GRACE_MS;
          });
          return documents.length >= count && settled ? documents : undefined;
        },
        { timeoutMs, describe: async () => `ippeveprinter printed fewer than ${count} documents in ${timeoutMs} ms:\n${await log()}` },
      ),
    requests: async () => parseIppEveLog(await log()),
    log,
    failNextJob: (reason) => writeFile(join(recordDir, "fail-next"), reason),
    pause: () => {
      child.kill("SIGSTOP");
    },
    resume: () => {
      child.kill("SIGCONT");
    },
    stop: async () => {
      await stopProcess(child);
      await removeDirs();
    },
  };
}

/** Starts ippeveprinter on a free loopback port and resolves once it answers Get-Printer-Attributes. */
export async function startIppEvePrinter(options: IppEvePrinterOptions = {}): Promise<IppEvePrinter> {
  requireTool("ippeveprinter");
  requireTool("ipptool");
  await ensureTestServices();
  for (let attempt = 0; attempt < 3; attempt++) {
    const printer = await startOnce(options);
    if (printer !== "port-taken") return printer;
  }
  throw new Error("ippeveprinter: three free ports in a row were taken before it could bind them");
}
