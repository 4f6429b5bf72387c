// The client address as a guessing limit counts it: an IPv4 address as it is, an IPv6 address by
// its /64. One host usually holds a whole /64 (SLAAC, privacy addresses), so per-address limits
// keyed by the full IPv6 address would give it 2^64 budgets.
import ipaddr from "ipaddr.js";

export function addressKey(peer: string): string {
  if (!ipaddr.isValid(peer)) return peer;
  const address = ipaddr.process(peer); // an IPv4-mapped IPv6 address becomes its IPv4 address
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(":")}::/64`;
}
