// Runs a conversion: each step a sandboxed process, the decrypted document in on the first one's
// stdin, the printer's language out of the last one's stdout, straight to the printer driver. No
// plaintext file exists outside the sandbox's private /tmp. Limits: CPU time, memory and file size
// inside (prlimit), wall time and output size outside (the processes are killed).
import { spawn, type ChildProcess } from "node:child_process";
import { constants as osConstants } from "node:os";
import { PassThrough, Readable } from "node:stream";
import { PrintvaktError, type ErrorCode } from "../../core/errors.js";
import type { ConverterStep } from "./converters.js";
import { sandboxCommand, type SandboxLimits, type SandboxUser } from "./sandbox-command.js";

export interface ConverterSettings {
  limits: SandboxLimits;
  user: SandboxUser;
  wallTimeMs: number;
  maxOutputBytes: number;
}

/** Why a conversion stopped: an error code of its own, which the kiosk words (kiosk/screen/failure-reasons.js). */
export type ConversionFailure = Extract<ErrorCode, "conversion-failed" | "conversion-timeout" | "conversion-too-large" | "conversion-limit">;

const USER_MESSAGES: Readonly<Record<ConversionFailure, string>> = {
  "conversion-failed": "The document could not be converted for this printer.",
  "conversion-timeout": "Converting the document for this printer took too long.",
  "conversion-too-large": "The document became too large when converted for this printer.",
  "conversion-limit": "Converting the document for this printer needed more than the server allows.",
};

export function conversionError(reason: ConversionFailure, message: string): PrintvaktError {
  return new PrintvaktError(reason, message, { userMessage: USER_MESSAGES[reason] });
}

/**
 * Signals the kernel sends when a limit is hit: CPU (SIGXCPU, then SIGKILL), file size (SIGXFSZ),
 * memory (an allocation failing may end in SIGSEGV/SIGABRT). bwrap reports a converter killed by
 * signal N as exit code 128 + N (it is PID 1 of the sandbox), so both forms are read.
 */
const LIMIT_SIGNALS: ReadonlySet<number> = new Set([24, 25, 9, 11, 6]);
// The first lines say what went wrong (Ghostscript prints the error, then its stacks).
const STDERR_KEPT = 2048;

/**
 * Ghostscript meets the memory limit as an allocation that fails, which it reports as a VMerror
 * (or libjpeg and friends as "out of memory") and exits with 1 like any other error: its message
 * is the only sign, so it is read.
 */
const OUT_OF_MEMORY = /VMerror|out of memory|cannot allocate memory/i;

function limitHit(exit: { code: number | null; signal: NodeJS.Signals | null }, stderr: string): boolean {
  if (exit.signal) return LIMIT_SIGNALS.has(osConstants.signals[exit.signal]);
  if (exit.code !== null && exit.code !== 0 && OUT_OF_MEMORY.test(stderr)) return true;
  return exit.code !== null && exit.code > 128 && LIMIT_SIGNALS.has(exit.code - 128);
}

/**
 * The converted document as a stream. It ends only when every step exited cleanly; otherwise it
 * fails with a PrintvaktError whose code is a ConversionFailure.
 * Destroying it (the printer went away) kills the processes.
 */
export function runConversion(input: Readable, steps: readonly ConverterStep[], settings: ConverterSettings): Readable {
  const output = new PassThrough();
  const children: ChildProcess[] = steps.map((step) => {
    const command = sandboxCommand(step, settings.limits, settings.user);
    return spawn(command.file, command.args, { stdio: ["pipe", "pipe", "pipe"], env: {} });
  });
  const stderr = children.map(() => "");
  let settled = false;
  const finish = (error?: PrintvaktError) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    input.destroy();
    if (error) output.destroy(error);
    else output.end();
  };
  const fail = (reason: ConversionFailure, detail: string) => finish(conversionError(reason, `${reason}: ${detail}`));
  const timer = setTimeout(() => fail("conversion-timeout", `no result within ${settings.wallTimeMs} ms`), settings.wallTimeMs);

  // A converter that stops reading (it failed, or needs no more) closes its stdin: not an error by itself.
  const quietPipe = (from: Readable, child: ChildProcess) => {
    child.stdin!.on("error", () => undefined);
    from.pipe(child.stdin!);
  };
  input.once("error", (error) => finish(error instanceof PrintvaktError ? error : conversionError("conversion-failed", `reading the document failed: ${String(error)}`)));
  quietPipe(input, children[0]!);
  children.forEach((child, index) => {
    child.stderr!.on("data", (chunk: Buffer) => (stderr[index] = (stderr[index] + chunk.toString("utf8")).slice(0, STDERR_KEPT)));
    child.once("error", (error) => fail("conversion-failed", `${steps[index]!.tool} did not start: ${error.message}`));
    const next = children[index + 1];
    if (next) quietPipe(child.stdout!, next);
  });

  let outputBytes = 0;
  const last = children[children.length - 1]!;
  last.stdout!.on("data", (chunk: Buffer) => {
    outputBytes += chunk.length;
    if (outputBytes > settings.maxOutputBytes) return fail("conversion-too-large", `more than ${settings.maxOutputBytes} bytes`);
    if (!settled && !output.write(chunk)) last.stdout!.pause();
  });
  output.on("drain", () => last.stdout!.resume());
  output.on("close", () => finish(conversionError("conversion-failed", "the reader went away")));

  void Promise.all(children.map((child) => exitOf(child))).then((exits) => {
    const failedIndex = exits.findIndex((exit) => exit.code !== 0);
    if (failedIndex === -1) return finish();
    const exit = exits[failedIndex]!;
    const step = steps[failedIndex]!;
    const detail = `${step.tool} ${exit.signal ? `killed by ${exit.signal}` : `exited with ${exit.code}`}: ${stderr[failedIndex]!.trim().slice(0, 400)}`;
    fail(limitHit(exit, stderr[failedIndex]!) ? "conversion-limit" : "conversion-failed", detail);
  });
  return output;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
}

/**
 * Holds back the converted document until it is complete or `limitBytes` long, so that a document
 * that fails to convert (most do so early, or are small) is refused before any printer is
 * contacted. Only a conversion that fails after `limitBytes` cuts a document off mid-way.
 * `completeBytes`: the whole document's length when it ended within the limit, else null.
 */
export function holdBack(stream: Readable, limitBytes: number): Promise<{ body: Readable; completeBytes: number | null }> {
  return new Promise((resolve, reject) => {
    const held: Buffer[] = [];
    let size = 0;
    const stop = () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      stream.pause();
    };
    const onData = (chunk: Buffer) => {
      held.push(chunk);
      size += chunk.length;
      if (size < limitBytes) return;
      stop();
      resolve({ body: Readable.from(replay(held, stream), { objectMode: false }), completeBytes: null });
    };
    const onEnd = () => {
      stop();
      resolve({ body: Readable.from(held, { objectMode: false }), completeBytes: size });
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("error", onError);
  });
}

async function* replay(held: Buffer[], rest: Readable): AsyncGenerator<Buffer> {
  yield* held;
  for await (const chunk of rest) yield chunk as Buffer;
}
