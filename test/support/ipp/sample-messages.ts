// Known messages for tests, the fuzz campaign and benchmarks: a full Print-Job request and the
// 32-byte input that hangs the `ipp` package's parser.
import { encodeIppMessage } from "../../../core/ipp/codec/encode.js";
import { IppOperation } from "../../../core/ipp/codec/operations.js";
import type { IppAttribute, IppMessage } from "../../../core/ipp/codec/types.js";
import {
  attr,
  charset,
  collection,
  enumValue,
  integer,
  jobGroup,
  keyword,
  mimeMediaType,
  name,
  naturalLanguage,
  octets,
  operationGroup,
  range,
  resolution,
  uri,
} from "../../../core/ipp/codec/values.js";

export interface PrintJobFields {
  printerUri: string;
  user: string;
  title: string;
  /** A release PIN sent as job-password (PWG 5100.11, encryption "none"). */
  jobPassword?: string;
  /** The job template group's attributes (copies, sides, …); none when empty. */
  job?: IppAttribute[];
}

/** A Print-Job of a PDF in Swedish, as a client OS sends it, with the given operation and job attributes. */
export function printJobRequest(fields: PrintJobFields): IppMessage {
  const password = fields.jobPassword === undefined ? [] : [attr("job-password", octets(Buffer.from(fields.jobPassword))), attr("job-password-encryption", keyword("none"))];
  return {
    version: { major: 2, minor: 0 },
    code: IppOperation.printJob,
    requestId: 1,
    groups: [
      operationGroup([
        attr("attributes-charset", charset("utf-8")),
        attr("attributes-natural-language", naturalLanguage("sv-se")),
        attr("printer-uri", uri(fields.printerUri)),
        attr("requesting-user-name", name(fields.user)),
        attr("job-name", name(fields.title)),
        attr("document-format", mimeMediaType("application/pdf")),
        ...password,
      ]),
      ...(fields.job && fields.job.length > 0 ? [jobGroup(fields.job)] : []),
    ],
  };
}

/** A Print-Job as CUPS or macOS sends it, with a PIN, a hold and a media collection. */
export function samplePrintJobRequest(): IppMessage {
  return printJobRequest({
    printerUri: "ipp://localhost:8631/ipp/print",
    user: "alice",
    title: "Anteckningar ärende 12",
    jobPassword: "1234",
    job: [
      attr("copies", integer(2)),
      attr("sides", keyword("two-sided-long-edge")),
      attr("job-hold-until", keyword("indefinite")),
      attr("finishings", enumValue(3)),
      attr("page-ranges", range(1, 3), range(7, 9)),
      attr("printer-resolution", resolution(600, 600)),
      attr(
        "media-col",
        collection([
          attr("media-size", collection([attr("x-dimension", integer(21000)), attr("y-dimension", integer(29700))])),
          attr("media-source", keyword("auto")),
        ]),
      ),
    ],
  });
}

/** The encoded attribute section of samplePrintJobRequest (no document data). */
export function samplePrintJobHeader(): Buffer {
  return encodeIppMessage(samplePrintJobRequest());
}

/**
 * 32 octets that send ipp 2.0.1's parse() into an endless loop (checked: still looping after 3 s,
 * 80 MB of console output). The name length 0xFFF5 reads as -11 when signed, which moves its
 * cursor back to offset 1, from where it re-reads the same attribute forever.
 */
export const IPP_PACKAGE_HANG_32_OCTETS: Buffer = Buffer.from(
  "0200" + "0002" + "00000001" + "01" + "47" + "fff5" + "0005" + "7574662d38" + "48" + "0000" + "0002" + "656e" + "03" + "0000000000",
  "hex",
);
