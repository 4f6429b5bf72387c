// The owner of an ipptool conformance run's first job cancels it while the file runs, as a person
// deletes a job at the kiosk. ipp-1.1.test (inside ipp-2.0.test and ipp-everywhere.test) waits for
// that job to reach a completed state (completed, canceled or aborted: job-state > 6), asking 30
// times 5 s apart, and then checks Get-Jobs which-jobs=completed and Cancel-Job on it. A held job
// gets there only by its owner's hand; without one the file waits 150 s and fails those checks
// (test/e2e/ipp-conformance-held.long.test.ts keeps that run).
import { userInfo } from "node:os";
import { groupsWithTag, integerOf, findAttribute } from "../../core/ipp/codec/accessors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import { attr, bool, integer, keyword, name, uri } from "../../core/ipp/codec/values.js";
import { callIpp } from "./ipp-client.js";

export interface OwnerCancelling {
  /** Stops looking; the id of the job the owner cancelled, or undefined if none appeared. */
  stop(): Promise<number | undefined>;
}

/**
 * Starts watching the queue on `port` as the user ipptool submits as (its requesting-user-name is
 * the login name); cancels the owner's first not-completed job as soon as there is one, then stops.
 */
export function ownerCancelsFirstJob(port: number): OwnerCancelling {
  const url = `http://127.0.0.1:${port}/ipp/print`;
  const common = [attr("printer-uri", uri(`ipp://127.0.0.1:${port}/ipp/print`)), attr("requesting-user-name", name(userInfo().username))];
  let stopped = false;
  const watching = (async (): Promise<number | undefined> => {
    while (!stopped) {
      const list = await callIpp({
        url,
        operation: IppOperation.getJobs,
        attributes: [...common, attr("which-jobs", keyword("not-completed")), attr("my-jobs", bool(true)), attr("requested-attributes", keyword("job-id"))],
      });
      const ids = list.message === undefined ? [] : groupsWithTag(list.message, GroupTag.job).map((job) => integerOf(findAttribute(job, "job-id")?.values[0]));
      const first = Math.min(...ids.filter((id): id is number => id !== undefined));
      if (Number.isFinite(first)) {
        const cancelled = await callIpp({ url, operation: IppOperation.cancelJob, attributes: [...common, attr("job-id", integer(first))] });
        if (cancelled.status !== "successful-ok") throw new Error(`the owner could not cancel job ${first}: ${cancelled.status ?? cancelled.httpStatus}`);
        return first;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  })();
  return {
    stop: async () => {
      stopped = true;
      return watching;
    },
  };
}
