// Who is asking, as established by the channel (IPP, kiosk, console) before any policy is applied.

/**
 * How a job's owner was identified over IPP: believed from requesting-user-name (a trusted
 * network vouches for nothing but the address), or proven with an HTTP Basic password.
 */
export type IdentifiedBy = "requesting-user-name" | "http-basic";

/** How the person behind an action on a job was identified, for the audit (the kiosk: card, PIN). */
export type OwnerIdentification = IdentifiedBy | "kiosk";

export interface Requester {
  /** Canonical user name. */
  username: string;
  identifiedBy: IdentifiedBy;
  /** The client's network address as the socket saw it. */
  address: string;
  /** True when the request came over TLS, so a Basic password did not cross the network in clear. */
  overTls: boolean;
}
