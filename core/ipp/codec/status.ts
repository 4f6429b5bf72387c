// Named IPP status codes, resolved through the `ipp` package's status-code table.
import { constantsFromTable, ippTables } from "./ipp-tables.js";

/** Our constant name -> the IANA status name. Add a line here to name another status. */
const statusNames = {
  successfulOk: "successful-ok",
  successfulOkIgnoredOrSubstitutedAttributes: "successful-ok-ignored-or-substituted-attributes",
  successfulOkConflictingAttributes: "successful-ok-conflicting-attributes",
  clientErrorBadRequest: "client-error-bad-request",
  clientErrorForbidden: "client-error-forbidden",
  clientErrorNotAuthenticated: "client-error-not-authenticated",
  clientErrorNotAuthorized: "client-error-not-authorized",
  clientErrorNotPossible: "client-error-not-possible",
  clientErrorTimeout: "client-error-timeout",
  clientErrorNotFound: "client-error-not-found",
  clientErrorGone: "client-error-gone",
  clientErrorRequestEntityTooLarge: "client-error-request-entity-too-large",
  clientErrorRequestValueTooLong: "client-error-request-value-too-long",
  clientErrorDocumentFormatNotSupported: "client-error-document-format-not-supported",
  clientErrorAttributesOrValuesNotSupported: "client-error-attributes-or-values-not-supported",
  clientErrorUriSchemeNotSupported: "client-error-uri-scheme-not-supported",
  clientErrorCharsetNotSupported: "client-error-charset-not-supported",
  clientErrorConflictingAttributes: "client-error-conflicting-attributes",
  clientErrorCompressionNotSupported: "client-error-compression-not-supported",
  clientErrorCompressionError: "client-error-compression-error",
  clientErrorDocumentFormatError: "client-error-document-format-error",
  clientErrorDocumentAccessError: "client-error-document-access-error",
  clientErrorAttributesNotSettable: "client-error-attributes-not-settable",
  clientErrorDocumentPasswordError: "client-error-document-password-error",
  serverErrorInternalError: "server-error-internal-error",
  serverErrorOperationNotSupported: "server-error-operation-not-supported",
  serverErrorServiceUnavailable: "server-error-service-unavailable",
  serverErrorVersionNotSupported: "server-error-version-not-supported",
  serverErrorDeviceError: "server-error-device-error",
  serverErrorTemporaryError: "server-error-temporary-error",
  serverErrorNotAcceptingJobs: "server-error-not-accepting-jobs",
  serverErrorBusy: "server-error-busy",
  serverErrorJobCanceled: "server-error-job-canceled",
  serverErrorMultipleDocumentJobsNotSupported: "server-error-multiple-document-jobs-not-supported",
  serverErrorTooManyJobs: "server-error-too-many-jobs",
} as const;

export const IppStatus = constantsFromTable(ippTables.statusCodes, statusNames, "status-codes");

/** The IANA name of a status code ("client-error-not-found"), or undefined when unknown. */
export function statusName(statusCode: number): string | undefined {
  return ippTables.statusCodes.lookup[statusCode];
}

/** True for the successful-ok family (0x0000-0x00FF). */
export function isSuccessfulStatus(statusCode: number): boolean {
  return statusCode >= 0 && statusCode <= 0x00ff;
}
