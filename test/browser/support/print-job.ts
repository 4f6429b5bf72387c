// Submits a document over IPP as a client OS would (Print-Job from our own encoder), and returns the job id.
import { encodeIppMessage } from "../../../core/ipp/codec/encode.js";
import { firstValue, integerOf } from "../../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../../core/ipp/codec/tags.js";
import { attr, integer, keyword } from "../../../core/ipp/codec/values.js";
import { decodeIppAnswer, postIpp } from "../../support/ipp-http.js";
import { printJobRequest } from "../../support/ipp/sample-messages.js";

export interface PrintJobOptions {
  port: number;
  user: string;
  title: string;
  document: Buffer;
  copies?: number;
  sides?: string;
  /** A media keyword, e.g. iso_a5_148x210mm; none when unset. */
  media?: string;
  /** A release PIN of the job's own (job-password). */
  jobPassword?: string;
}

export async function submitPrintJob(options: PrintJobOptions): Promise<number> {
  const header = encodeIppMessage(
    printJobRequest({
      printerUri: `ipp://127.0.0.1:${options.port}/ipp/print`,
      user: options.user,
      title: options.title,
      jobPassword: options.jobPassword,
      job: [attr("copies", integer(options.copies ?? 1)), attr("sides", keyword(options.sides ?? "one-sided")), ...(options.media ? [attr("media", keyword(options.media))] : [])],
    }),
  );
  const answer = await postIpp({ port: options.port }, Buffer.concat([header, options.document]));
  const message = decodeIppAnswer(answer.body);
  if (message.code !== 0) throw new Error(`Print-Job answered status 0x${message.code.toString(16)}`);
  const jobId = integerOf(firstValue(message, GroupTag.job, "job-id"));
  if (jobId === undefined) throw new Error("Print-Job answered without a job-id");
  return jobId;
}
