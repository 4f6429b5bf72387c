// Who is asking, as established by the channel (IPP, kiosk, console) before any policy is applied.

/** How a job's owner was identified: believed from a trusted network, or proven with a password. */
export type IdentifiedBy = "requesting-user-name" | "http-basic";

export interface Requester {
  /** Canonical user name. */
  username: string;
  identifiedBy: IdentifiedBy;
}
