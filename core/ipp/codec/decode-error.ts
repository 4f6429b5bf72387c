// The error the bounded decoder throws for hostile or malformed input, with the IPP status to answer.
//
// Statuses, chosen like cupsd/ippeveprinter where they have an answer:
//   0x0400 client-error-bad-request         malformed structure: truncated envelope, bad lengths,
//          group order, names, collections, fixed-size values, encodings, duplicates, depth
//          (cupsd answers every ippRead failure, nesting included, as a bad request)
//   0x0503 server-error-version-not-supported  major version other than 1 or 2 (as cupsd)
//   0x0409 client-error-request-value-too-long a name or value over maxValueLength (RFC 8011
//          §13.1.4.10: "an attribute value whose length exceeds the Printer's limits")
//   0x0408 client-error-request-entity-too-large  attribute section over maxHeaderBytes, or over
//          the attribute / values-per-attribute caps ("larger than the Printer is willing to process")
import { PrintvaktError, type ErrorCode } from "../../errors.js";
import { IppStatus } from "./status.js";

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

const statusByFailure: Readonly<Record<IppDecodeFailure, number>> = {
  malformed: IppStatus.clientErrorBadRequest,
  truncated: IppStatus.clientErrorBadRequest,
  "version-not-supported": IppStatus.serverErrorVersionNotSupported,
  "value-too-long": IppStatus.clientErrorRequestValueTooLong,
  "header-too-large": IppStatus.clientErrorRequestEntityTooLarge,
  "too-many-attributes": IppStatus.clientErrorRequestEntityTooLarge,
  "too-many-values": IppStatus.clientErrorRequestEntityTooLarge,
  "too-deep": IppStatus.clientErrorBadRequest,
  "duplicate-attribute": IppStatus.clientErrorBadRequest,
};

const codeByFailure: Readonly<Record<IppDecodeFailure, ErrorCode>> = {
  malformed: "bad-request",
  truncated: "bad-request",
  "version-not-supported": "unsupported",
  "value-too-long": "too-large",
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
  /** The IPP status-code to answer with. Also in details.ippStatus for the central error map. */
  readonly ippStatus: number;
  readonly failure: IppDecodeFailure;
  /** Octet offset in the message where decoding stopped. */
  readonly offset: number;

  constructor(failure: IppDecodeFailure, message: string, offset: number, options: { cause?: unknown } = {}) {
    const ippStatus = statusByFailure[failure];
    super(codeByFailure[failure], `${message} (at octet ${offset})`, {
      userMessage: message,
      details: { ippStatus, failure, offset },
      cause: options.cause,
    });
    this.name = "IppDecodeError";
    this.ippStatus = ippStatus;
    this.failure = failure;
    this.offset = offset;
  }
}

export function isIppDecodeError(value: unknown): value is IppDecodeError {
  return value instanceof IppDecodeError;
}
