// The parts of RFC 1179 (Line Printer Daemon protocol) that sending one job needs: the command and
// subcommand lines, the control file, and reading the server's one-octet acknowledgements.
import type { Socket } from "node:net";
import { PrintvaktError } from "../../core/errors.js";
import { socketFailure } from "./transport-failures.js";

/** RFC 1179 §5.2 "Receive a printer job", §6.1 "Abort job", §6.2/6.3 "Receive control/data file". */
export const RECEIVE_JOB = 0x02;
export const ABORT_JOB = 0x01;
export const CONTROL_FILE = 0x02;
export const DATA_FILE = 0x03;

/** One command or subcommand line: the code octet, its operands separated by spaces, LF. */
export function commandLine(code: number, ...operands: string[]): Buffer {
  return Buffer.concat([Buffer.from([code]), Buffer.from(`${operands.join(" ")}\n`, "latin1")]);
}

/**
 * Control and data file names, text in control lines: printable ASCII without spaces only (the
 * protocol has no escaping and no character set), cut to `max` octets (RFC 1179 §7: H, P at most 31).
 */
export function lpdText(text: string, max: number, fallback: string): string {
  const cleaned = text.replace(/[^!-~]/g, "").slice(0, max);
  return cleaned === "" ? fallback : cleaned;
}

export interface ControlFileInput {
  /** Sending host, as in the H line and the file names. */
  host: string;
  /** Three digits, 000-999, naming this job's files. */
  jobNumber: string;
  /** Shown on a banner page and in the server's queue listing; never the document's title. */
  jobName: string;
}

export interface JobFiles {
  controlName: string;
  dataName: string;
  control: Buffer;
}

/**
 * The control file of a one-document job printed as it is ('l': "print file leaving control
 * characters", the raw form CUPS's own lpd backend sends), then the data file removed ('U').
 * No 'L' line: a banner page would print the user name for anyone at the printer to read. The 'P'
 * (owner) line is the constant "printvakt", not the person: any host on the network can list an
 * LPD server's queue (`lpq`), and the printer needs no name to print (review 2026-12-06, F8).
 */
export function jobFiles(input: ControlFileInput): JobFiles {
  const host = lpdText(input.host, 31, "printvakt");
  const suffix = `A${input.jobNumber}${host}`;
  const dataName = `df${suffix}`;
  const lines = [`H${host}`, "Pprintvakt", `J${input.jobName}`, `N${input.jobName}`, `l${dataName}`, `U${dataName}`];
  return { controlName: `cf${suffix}`, dataName, control: Buffer.from(`${lines.join("\n")}\n`, "latin1") };
}

/**
 * Reads the server's acknowledgements, one octet each (0 = accepted), each only while a step waits
 * for it. RFC 1179 servers say nothing else, so octets nobody asked for, or more after a 0, are a
 * protocol error that ends the connection: a hostile server could otherwise answer steps before it
 * read them (and a clean close would count as printed), or stream octets into an unbounded buffer
 * until the server ran out of memory. Text after a refusal (a non-zero octet) is the server's
 * error message, as LPRng sends one, and is dropped.
 */
export class Acknowledgements {
  #waiting: ((octet: number | PrintvaktError) => void) | undefined;
  #ended: PrintvaktError | undefined;
  #refused = false;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      if (this.#refused) return;
      const waiting = this.#waiting;
      if (waiting === undefined || (chunk.length > 1 && chunk[0] === 0)) {
        this.#end(malformed());
        socket.destroy();
        return;
      }
      this.#refused = chunk[0] !== 0;
      waiting(chunk[0]!);
    });
    socket.once("error", (error) => this.#end(socketFailure(error)));
    socket.once("close", () => this.#end(closedEarly()));
  }

  /** The next acknowledgement octet; fails when the connection ends first or `timeoutMs` passes. */
  next(timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(noAnswer(timeoutMs));
      }, timeoutMs);
      this.#waiting = (octet) => {
        clearTimeout(timer);
        this.#waiting = undefined;
        if (typeof octet === "number") resolve(octet);
        else reject(octet);
      };
      this.#deliver();
    });
  }

  #end(error: PrintvaktError): void {
    this.#ended ??= error;
    this.#deliver();
  }

  #deliver(): void {
    if (this.#waiting !== undefined && this.#ended !== undefined) this.#waiting(this.#ended);
  }
}

function malformed(): PrintvaktError {
  return new PrintvaktError("unavailable", "the LPD server sent octets no step asked for", {
    userMessage: "The printer answered in a way Printvakt does not understand.",
    details: { reason: "printer-answer-malformed" },
  });
}

function closedEarly(): PrintvaktError {
  return new PrintvaktError("unavailable", "the LPD server closed the connection before acknowledging", {
    userMessage: "The printer is not available right now.",
    details: { reason: "connection-reset" },
  });
}

function noAnswer(timeoutMs: number): PrintvaktError {
  return new PrintvaktError("unavailable", `the LPD server did not acknowledge within ${timeoutMs} ms`, {
    userMessage: "The printer is not available right now.",
    details: { reason: "printer-not-responding" },
  });
}
