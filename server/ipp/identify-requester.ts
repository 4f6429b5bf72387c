// Establishes who sent an IPP request: HTTP Basic checked against the user store, or
// requesting-user-name believed only from trusted networks (design decision in docs).
import ipaddr from "ipaddr.js";
import type { Config } from "../config.js";
import { PrintvaktError } from "../../core/errors.js";
import { canonicalUsername } from "../identity/usernames.js";
import type { Requester } from "../policy/requester.js";
import { firstString } from "../../core/ipp/codec/accessors.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppMessage } from "../../core/ipp/codec/types.js";

export function isTrustedPeer(peer: string, networks: readonly string[]): boolean {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(peer);
  } catch {
    return false;
  }
  return networks.some((network) => {
    const [range, bits] = ipaddr.parseCIDR(network);
    return address.kind() === range.kind() && address.match([range, bits] as [typeof address, number]);
  });
}

export function claimedUserName(message: IppMessage): string | undefined {
  return firstString(message, GroupTag.operation, "requesting-user-name");
}

/**
 * The requester of an operation that acts on jobs. `basicUser` is the user name already verified
 * from an Authorization header (or undefined). Throws "not-authenticated" when the client must
 * authenticate: the HTTP layer then answers 401 with a Basic challenge.
 */
export function identifyRequester(config: Config, message: IppMessage, connection: { peer: string; secure: boolean }, basicUser: string | undefined): Requester {
  const { peer, secure } = connection;
  if (basicUser !== undefined) return { username: basicUser, identifiedBy: "http-basic", address: peer, overTls: secure };
  if (config.requireAuthentication || !isTrustedPeer(peer, config.trustedNetworks)) {
    throw new PrintvaktError("not-authenticated", "authentication required");
  }
  const claimed = claimedUserName(message);
  if (claimed === undefined || claimed.trim() === "") {
    throw new PrintvaktError("bad-request", "requesting-user-name is required");
  }
  return { username: canonicalUsername(claimed), identifiedBy: "requesting-user-name", address: peer, overTls: secure };
}
