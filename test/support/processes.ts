// Runs external programs for tests: one-shot commands, and long-lived peers that never outlive the test process.
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string | Buffer;
  /** Kill the command after this long; the result then has exitCode null. Default 60 s. */
  timeoutMs?: number;
  /** Sees standard output as it arrives (it is collected into the result as well). */
  onStdout?: (text: string) => void;
}

/** Runs a command to completion and collects its output; never throws for a non-zero exit. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout.push(chunk);
      options.onStdout?.(chunk.toString("utf8"));
    });
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

const guarded = new Set<ChildProcess>();
let exitHookInstalled = false;

// 'exit' covers normal ends and process.exit(); the watchdog below covers SIGKILL of this process.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of guarded) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
      try {
        process.kill(child.pid, "SIGCONT");
        process.kill(child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  });
}

// A tiny shell that waits for this Node process to disappear, then ends the peer.
// It is needed because a test worker killed with SIGKILL runs no 'exit' handlers.
// A dead process can linger as a zombie (some container inits never reap), so "Z" counts as gone.
const WATCHDOG = [
  'while state=$(ps -o stat= -p "$1") && [ "${state#Z}" = "$state" ]; do sleep 1; done',
  'kill -CONT "$2" 2>/dev/null; kill -TERM "$2" 2>/dev/null; sleep 3; kill -KILL "$2" 2>/dev/null',
  'if [ -n "$3" ]; then rm -rf "$3"; fi',
].join("\n");

export interface GuardOptions {
  /** A folder of the peer's to delete when the watchdog had to end it (the test process died first). */
  removeOnOrphan?: string;
}

/**
 * Spawns a long-lived peer (printer, scheduler). It is terminated when this process exits,
 * even when this process is killed outright. Stop it with stopProcess().
 */
export function spawnGuarded(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  guard: GuardOptions = {},
): ChildProcess {
  installExitHook();
  const child = spawn(command, args, { stdio: "ignore", ...options });
  if (child.pid === undefined) return child; // the 'error' event will say why
  guarded.add(child);
  const watchdogArgs = [String(process.pid), String(child.pid), guard.removeOnOrphan ?? ""];
  const watchdog = spawn("sh", ["-c", WATCHDOG, "watchdog", ...watchdogArgs], {
    stdio: "ignore",
    detached: true,
  });
  watchdog.unref();
  child.once("exit", () => {
    guarded.delete(child);
    // The watchdog must go before the pid it watches can be reused by another process.
    if (watchdog.pid !== undefined) {
      try {
        process.kill(watchdog.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });
  return child;
}

/** True while the child has neither exited nor been killed. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** SIGTERM, then SIGKILL after graceMs; resolves when the child has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (!isRunning(child) || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGCONT"); // a paused peer would otherwise hold SIGTERM pending forever
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Polls check() until it returns a value other than undefined, or throws describe() after timeoutMs. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe: () => string | Promise<string> },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(await options.describe());
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
