// The Print-Job the ingest benchmarks send: its IPP attribute section, which a generated PDF follows.
import { encodeIppMessage } from "../core/ipp/codec/encode.js";
import { IppOperation } from "../core/ipp/codec/operations.js";
import { attr, charset, mimeMediaType, name, naturalLanguage, operationGroup, uri } from "../core/ipp/codec/values.js";

export function printJobHeader(options: { requestId: number; printerUri: string; user: string; jobName: string }): Buffer {
  return encodeIppMessage({
    version: { major: 2, minor: 0 },
    code: IppOperation.printJob,
    requestId: options.requestId,
    groups: [
      operationGroup([
        attr("attributes-charset", charset("utf-8")),
        attr("attributes-natural-language", naturalLanguage("en")),
        attr("printer-uri", uri(options.printerUri)),
        attr("requesting-user-name", name(options.user)),
        attr("job-name", name(options.jobName)),
        attr("document-format", mimeMediaType("application/pdf")),
      ]),
    ],
  });
}
