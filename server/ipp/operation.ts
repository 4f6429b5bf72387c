// The shape of an IPP operation handler, and the small helpers every handler shares.
import type { IppServices } from "./ipp-services.js";
import type { IppReply, IppRequest } from "./ipp-request.js";
import type { Requester } from "../policy/requester.js";
import { PrintvaktError } from "../../core/errors.js";
import { IppStatus } from "../../core/ipp/codec/status.js";
import { unsupportedGroup } from "../../core/ipp/codec/values.js";
import type { IppAttribute } from "../../core/ipp/codec/types.js";

export interface IppOperationHandler {
  /** The IANA name, for logs and the audit. */
  name: string;
  /**
   * "person": acts for someone, who must be identified first. "optional-person": lists things a
   * person owns; with no user name at all it answers as for someone who owns nothing. "none".
   */
  requester: "person" | "optional-person" | "none";
  run(request: IppRequest, services: IppServices): Promise<IppReply>;
}

export function requesterOf(request: IppRequest): Requester {
  if (!request.requester) throw new PrintvaktError("internal", "operation ran without an identified requester");
  return request.requester;
}

/** successful-ok, or successful-ok-ignored-or-substituted-attributes with the unsupported group. */
export function okReply(groups: IppReply["groups"], unsupported: IppAttribute[] = [], statusMessage?: string): IppReply {
  if (unsupported.length === 0) return { status: IppStatus.successfulOk, groups, statusMessage };
  return { status: IppStatus.successfulOkIgnoredOrSubstitutedAttributes, groups: [unsupportedGroup(unsupported), ...groups], statusMessage };
}

/** Drains a body an operation does not use, so the connection can be reused. */
export async function discardBody(request: IppRequest): Promise<void> {
  for await (const chunk of request.body) void chunk;
}
