// The sequence every operation on one job of the requester's own shares (Cancel-Job, Close-Job,
// Hold-Job, Release-Job): identify the requester, find the job they own (a job that is not theirs
// looks exactly like a missing one, and so does one a bare name may not change), drop any body, then act.
import type { Requester } from "../policy/requester.js";
import type { JobRecord } from "../store/jobs.js";
import type { IppServices } from "./ipp-services.js";
import type { IppReply, IppRequest } from "./ipp-request.js";
import { findOwnJob, targetJobId, type JobPurpose } from "./job-target.js";
import { discardBody, requesterOf, type IppOperationHandler } from "./operation.js";

export interface OwnJob {
  job: JobRecord;
  requester: Requester;
  request: IppRequest;
  services: IppServices;
}

export function ownJobOperation(name: string, purpose: JobPurpose, act: (target: OwnJob) => Promise<IppReply> | IppReply): IppOperationHandler {
  return {
    name,
    requester: "person",
    async run(request, services) {
      const requester = requesterOf(request);
      const job = await findOwnJob(services.context.db, requester, targetJobId(request.message), purpose);
      await discardBody(request);
      return act({ job, requester, request, services });
    },
  };
}
