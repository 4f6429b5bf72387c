// The owner of an ipptool conformance run's first job cancels it (an IPP Cancel-Job as the
// requesting user) once the run has reached ipp-1.1.test's wait for that job. ipp-1.1.test (inside
// ipp-2.0.test and ipp-everywhere.test) asks 30 times, 5 s apart, whether the job has been
// completed, canceled or aborted (job-state > 6), then looks for it among the completed jobs and
// expects Cancel-Job on it to be refused. A held job gets there only by its owner's hand; without
// one the file waits 150 s and fails those checks (ipp-conformance-held.long.test.ts keeps that run).
// Cancelling only at the wait keeps every check before it looking at the held job.
import { findAttribute, groupsWithTag, integerOf } from "../../core/ipp/codec/accessors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import { attr, bool, integer, keyword, name, uri } from "../../core/ipp/codec/values.js";
import { callIpp } from "./ipp-client.js";

/** The user ipptool submits as: cupsUser() takes CUPS_USER before the login name. */
export const CONFORMANCE_OWNER = "conformance-owner";
/** ipptool's environment for a run whose first job CONFORMANCE_OWNER cancels. */
export const CONFORMANCE_OWNER_ENV = { CUPS_USER: CONFORMANCE_OWNER };

// ipptool -t prints a test's name before it sends the test's first request.
const WAIT_TEST = "Get-Job-Attributes Until Job Complete";

export interface OwnerAtTheWait {
  /** Give it ipptool's standard output as it comes (runIpptool's onStdout). */
  onStdout(text: string): void;
  /** The id of the job the owner cancelled; rejects if the run never reached the wait or the cancel failed. */
  outcome(): Promise<number>;
}

export function ownerCancelsAtTheWait(port: number): OwnerAtTheWait {
  let tail = "";
  let attempt: Promise<number> | undefined;
  return {
    onStdout(text) {
      if (attempt !== undefined) return;
      // A name can be split between two chunks of output.
      tail = (tail + text).slice(-4 * WAIT_TEST.length);
      if (!tail.includes(WAIT_TEST)) return;
      attempt = cancelFirstJob(port);
      attempt.catch(() => undefined); // reported by outcome(), once the run is over
    },
    outcome: () => attempt ?? Promise.reject(new Error(`ipptool never reached "${WAIT_TEST}"`)),
  };
}

async function cancelFirstJob(port: number): Promise<number> {
  const url = `http://127.0.0.1:${port}/ipp/print`;
  const common = [attr("printer-uri", uri(`ipp://127.0.0.1:${port}/ipp/print`)), attr("requesting-user-name", name(CONFORMANCE_OWNER))];
  const list = await callIpp({
    url,
    operation: IppOperation.getJobs,
    attributes: [...common, attr("which-jobs", keyword("not-completed")), attr("my-jobs", bool(true)), attr("requested-attributes", keyword("job-id"))],
  });
  if (list.status !== "successful-ok" || list.message === undefined) throw new Error(`Get-Jobs as ${CONFORMANCE_OWNER}: ${list.status ?? `HTTP ${list.httpStatus}`}`);
  const ids = groupsWithTag(list.message, GroupTag.job).flatMap((job) => integerOf(findAttribute(job, "job-id")?.values[0]) ?? []);
  if (ids.length === 0) throw new Error(`${CONFORMANCE_OWNER} holds no job to cancel (did ipptool submit as someone else?)`);
  const first = Math.min(...ids);
  const cancelled = await callIpp({ url, operation: IppOperation.cancelJob, attributes: [...common, attr("job-id", integer(first))] });
  if (cancelled.status !== "successful-ok") throw new Error(`${CONFORMANCE_OWNER} could not cancel job ${first}: ${cancelled.status ?? `HTTP ${cancelled.httpStatus}`}`);
  return first;
}
