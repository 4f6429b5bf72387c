// Starts a private CUPS scheduler on a free loopback port, as a peer to compare against and to test queue setup.
import { mkdir, mkdtemp, chmod, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { isRunning, runCommand, spawnGuarded, stopProcess, waitFor, type CommandResult } from "./processes.js";
import { requireTool } from "./tools.js";

export type { CommandResult } from "./processes.js";

export interface CupsdOptions {
  /** cupsd LogLevel; default "info" (readiness is read from the "Listening to" line, so not lower). */
  logLevel?: "info" | "debug" | "debug2";
  /** More cupsd.conf lines, appended as they are. */
  extraConf?: string[];
}

export interface HeldQueueOptions {
  /** "raw" (default) forwards documents byte for byte; "everywhere" makes cupsd build a PPD from the printer and filter. */
  model?: "raw" | "everywhere";
}

export interface Cupsd {
  port: number;
  /** Folder holding everything of this instance. */
  baseDir: string;
  /** Folder with cupsd.conf, cups-files.conf and ppd/. */
  serverRoot: string;
  /** Environment for CUPS clients: CUPS_SERVER=127.0.0.1:PORT, a private HOME, LC_ALL=C. */
  env: NodeJS.ProcessEnv;
  /** ipp://127.0.0.1:PORT/printers/QUEUE */
  printerUri(queue: string): string;
  /** Runs any CUPS client (lp, lpstat, lpadmin, cancel, lpq, lpoptions, ...) against this instance. */
  run(tool: string, args: readonly string[]): Promise<CommandResult>;
  lpadmin(args: readonly string[]): Promise<CommandResult>;
  lp(args: readonly string[]): Promise<CommandResult>;
  lpstat(args: readonly string[]): Promise<CommandResult>;
  /** Adds an enabled queue to deviceUri whose jobs wait (job-hold-until-default=indefinite); throws on failure. */
  addHeldQueue(name: string, deviceUri: string, options?: HeldQueueOptions): Promise<void>;
  errorLog(): Promise<string>;
  /** Ends cupsd and removes its folder (kept when PRINTVAKT_KEEP_TEST_DIRS is set). */
  stop(): Promise<void>;
}

/** The job id in lp's "request id is QUEUE-N (1 file(s))"; throws when the output has none. */
export function parseRequestId(lpStdout: string): number {
  const match = /request id is \S+-(\d+)/.exec(lpStdout);
  if (match === null) throw new Error(`no request id in lp output: ${JSON.stringify(lpStdout)}`);
  return Number(match[1]);
}

function cupsdConf(port: number, options: CupsdOptions): string {
  return [
    "# Private test instance: loopback only, no browsing, no authentication.",
    `LogLevel ${options.logLevel ?? "info"}`,
    "MaxLogSize 0",
    `Listen 127.0.0.1:${port}`,
    "Browsing No",
    "BrowseLocalProtocols none",
    "DefaultAuthType None",
    "DefaultEncryption Never",
    "WebInterface No",
    "MaxJobs 0",
    "<Location />",
    "  Order allow,deny",
    "  Allow from 127.0.0.1",
    "</Location>",
    // Every operation open to every local user: the tests are about IPP behaviour, not CUPS's access rules.
    "<Policy default>",
    "  JobPrivateAccess all",
    "  JobPrivateValues none",
    "  SubscriptionPrivateAccess all",
    "  SubscriptionPrivateValues none",
    "  <Limit All>",
    "    Order deny,allow",
    "  </Limit>",
    "</Policy>",
    ...(options.extraConf ?? []),
    "",
  ].join("\n");
}

// cupsd runs as root; it still runs filters and backends as its default User (lp), so the folders
// must be reachable by lp. SystemGroup root makes root an administrator without a password.
function cupsFilesConf(baseDir: string): string {
  return [
    `ServerRoot ${join(baseDir, "etc")}`,
    `RequestRoot ${join(baseDir, "spool")}`,
    `TempDir ${join(baseDir, "spool", "tmp")}`,
    `CacheDir ${join(baseDir, "cache")}`,
    `StateDir ${join(baseDir, "state")}`,
    `AccessLog ${join(baseDir, "log", "access_log")}`,
    `ErrorLog ${join(baseDir, "log", "error_log")}`,
    `PageLog ${join(baseDir, "log", "page_log")}`,
    // The default (/run/cups/printcap) would overwrite the system scheduler's file.
    `Printcap ${join(baseDir, "state", "printcap")}`,
    "CreateSelfSignedCerts no",
    "SystemGroup root",
    "",
  ].join("\n");
}

async function startOnce(options: CupsdOptions): Promise<Cupsd | "port-taken"> {
  const cupsd = requireTool("cupsd");
  const baseDir = await mkdtemp(join(tmpdir(), "printvakt-cupsd-"));
  await chmod(baseDir, 0o755); // lp (backends, filters) must reach the spool and PPDs
  const serverRoot = join(baseDir, "etc");
  // cupsd refuses to start when any of these folders is missing.
  for (const dir of ["etc", "spool", "spool/tmp", "cache", "state", "log", "home"]) {
    await mkdir(join(baseDir, dir), { recursive: true });
  }
  const port = await freePort();
  await writeFile(join(serverRoot, "cupsd.conf"), cupsdConf(port, options));
  await writeFile(join(serverRoot, "cups-files.conf"), cupsFilesConf(baseDir));

  const errorLogFile = join(baseDir, "log", "error_log");
  const errorLog = () => readFile(errorLogFile, "utf8").catch(() => "");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CUPS_SERVER: `127.0.0.1:${port}`,
    HOME: join(baseDir, "home"), // no ~/.cups/lpoptions or client.conf from the machine
    LC_ALL: "C", // tests read lpstat's messages
  };
  const child = spawnGuarded(
    cupsd,
    ["-f", "-c", join(serverRoot, "cupsd.conf"), "-s", join(serverRoot, "cups-files.conf")],
    { cwd: baseDir, stdio: ["ignore", "ignore", "pipe"] },
    { removeOnOrphan: baseDir },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });
  const lpstat = requireTool("lpstat");
  const removeDir = async () => {
    if (process.env.PRINTVAKT_KEEP_TEST_DIRS === undefined) await rm(baseDir, { recursive: true, force: true });
  };

  try {
    // A cupsd that cannot bind keeps running without a listener, so its log decides, not only lpstat.
    const state = await waitFor(
      async () => {
        if (spawnError !== undefined || !isRunning(child)) return "exited";
        const log = await errorLog();
        if (log.includes("Unable to open listen socket")) return "port-taken";
        if (!log.includes(`Listening to 127.0.0.1:${port} on fd`)) return undefined;
        const status = await runCommand(lpstat, ["-r"], { env, timeoutMs: 5_000 });
        return status.exitCode === 0 ? "ready" : undefined;
      },
      { timeoutMs: 20_000, describe: async () => `cupsd did not answer on port ${port}:\n${stderr}${await errorLog()}` },
    );
    if (state === "exited") throw spawnError ?? new Error(`cupsd exited during startup:\n${stderr}${await errorLog()}`);
    if (state === "port-taken") {
      await stopProcess(child);
      await removeDir();
      return "port-taken";
    }
  } catch (error) {
    await stopProcess(child);
    await removeDir();
    throw error;
  }

  const run = (tool: string, args: readonly string[]) => runCommand(requireTool(tool), args, { env });
  return {
    port,
    baseDir,
    serverRoot,
    env,
    printerUri: (queue) => `ipp://127.0.0.1:${port}/printers/${queue}`,
    run,
    lpadmin: (args) => run("lpadmin", args),
    lp: (args) => run("lp", args),
    lpstat: (args) => run("lpstat", args),
    addHeldQueue: async (name, deviceUri, queueOptions = {}) => {
      const model = queueOptions.model ?? "raw";
      const result = await run("lpadmin", [
        "-p", name, "-E", "-v", deviceUri, "-m", model, "-o", "job-hold-until-default=indefinite",
      ]);
      if (result.exitCode !== 0) {
        throw new Error(`lpadmin could not add held queue ${name} -> ${deviceUri}: ${result.stderr}${result.stdout}`);
      }
    },
    errorLog,
    stop: async () => {
      await stopProcess(child);
      await removeDir();
    },
  };
}

/** Starts a private cupsd (root only) listening on 127.0.0.1:PORT; resolves once lpstat -r reaches it. */
export async function startCupsd(options: CupsdOptions = {}): Promise<Cupsd> {
  requireTool("cupsd");
  requireTool("lpstat");
  if (process.getuid?.() !== 0) {
    throw new Error("startCupsd needs root (CI runs as root): cupsd must chown its spool to lp and start backends");
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const cupsd = await startOnce(options);
    if (cupsd !== "port-taken") return cupsd;
  }
  throw new Error("cupsd: three free ports in a row were taken before it could bind them");
}
