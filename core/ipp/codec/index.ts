// The IPP codec's public surface: bounded decoding, stream header reading, encoding, value helpers.
export * from "./types.js";
export * from "./tags.js";
export { decodeIppMessage, resolveDecodeLimits, type DecodeResult, type IppDecodeOptions } from "./decode.js";
export { IppDecodeError, isIppDecodeError, type IppDecodeFailure } from "./decode-error.js";
export { readIppHeader, type IppHeaderAndBody } from "./read-header.js";
export { encodeIppMessage, MAX_ENCODED_LENGTH } from "./encode.js";
export { decodeDateTime, encodeDateTime } from "./date-time.js";
export * from "./values.js";
export * from "./accessors.js";
export { valueTagForAttribute } from "./attribute-syntax.js";
export { IppOperation, operationName } from "./operations.js";
export { IppStatus, statusName, isSuccessfulStatus } from "./status.js";
export { JobState, PrinterState } from "./enums.js";
