// Set-Job-Attributes: only job-hold-until may be set, and any value keeps the job held (`lp -H
// resume` sends no-hold): release happens at a kiosk.
import { PrintvaktError } from "../../../core/errors.js";
import { ippStatusOf } from "../../../core/error-answers.js";
import { GroupTag } from "../../../core/ipp/codec/tags.js";
import { unsupportedGroup } from "../../../core/ipp/codec/values.js";
import { assertStillHoldable, RELEASE_AT_KIOSK } from "../keep-holding.js";
import { okReply } from "../operation.js";
import { ownJobOperation } from "../own-job-operation.js";

const SETTABLE = new Set(["job-hold-until"]);

export const setJobAttributes = ownJobOperation("Set-Job-Attributes", "read", ({ job, request }) => {
  const attributes = request.message.groups.filter((group) => group.tag === GroupTag.job).flatMap((group) => group.attributes);
  if (attributes.length === 0) throw new PrintvaktError("bad-request", "no job attributes to set");
  const refused = attributes.filter((attribute) => !SETTABLE.has(attribute.name));
  if (refused.length > 0) {
    return { status: ippStatusOf("attributes-not-settable"), statusMessage: "only job-hold-until can be set", groups: [unsupportedGroup(refused)] };
  }
  assertStillHoldable(job);
  return okReply([], [], RELEASE_AT_KIOSK);
});
