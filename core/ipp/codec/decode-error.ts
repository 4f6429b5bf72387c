// The error the bounded decoder throws for hostile or malformed input, with the IPP status to answer.
//
// Error codes, chosen so the table in core/error-answers.ts answers like cupsd/ippeveprinter:
//   bad-request            malformed structure: truncated envelope, bad lengths, group order,
//                          names, collections, fixed-size values, encodings, duplicates, depth
//                          (cupsd answers every ippRead failure, nesting included, as a bad request)
//   version-not-supported  major version other than 1 or 2 (as cupsd)
//   value-too-long         a name or value over maxValueLength (RFC 8011 §13.1.4.10: "an
//                          attribute value whose length exceeds the Printer's limits")
//   too-large              attribute section over maxHeaderBytes, or over the attribute /
//                          values-per-attribute caps ("larger than the Printer is willing to process")
import { ippStatusOf } from "../../error-answers.js";
import { PrintvaktError, type ErrorCode } from "../../errors.js";

/** Why decoding refused, as a stable word for logs, audit and tests. */
export type IppDecodeFailure =
  | "malformed"
  | "truncated"
  | "version-not-supported"
  | "value-too-long"
  | "header-too-large"
  | "too-many-attributes"
  | "too-many-values"
  | "too-deep"
  | "duplicate-attribute";

const codeByFailure: Readonly<Record<IppDecodeFailure, ErrorCode>> = {
  malformed: "bad-request",
  truncated: "bad-request",
  "version-not-supported": "version-not-supported",
  "value-too-long": "value-too-long",
  "header-too-large": "too-large",
  "too-many-attributes": "too-large",
  "too-many-values": "too-large",
  "too-deep": "bad-request",
  "duplicate-attribute": "bad-request",
};

/**
 * Messages name the problem and the octet offset, never a value from the request (titles and user
 * names are personal data), so the message is safe to show and to log.
 */
export class IppDecodeError extends PrintvaktError {
  /** The IPP status-code the error table gives this failure's code (kept here for the codec's tests). */
  readonly ippStatus: number;
  readonly failure: IppDecodeFailure;
  /** Octet offset in the message where decoding stopped. */
  readonly offset: number;

  constructor(failure: IppDecodeFailure, message: string, offset: number, options: { cause?: unknown } = {}) {
    const code = codeByFailure[failure];
    super(code, `${message} (at octet ${offset})`, {
      userMessage: message,
      details: { failure, offset },
      cause: options.cause,
    });
    this.name = "IppDecodeError";
    this.ippStatus = ippStatusOf(code);
    this.failure = failure;
    this.offset = offset;
  }
}

export function isIppDecodeError(value: unknown): value is IppDecodeError {
  return value instanceof IppDecodeError;
}
