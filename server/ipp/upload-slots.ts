// The upload slots: how many documents are received at once, in all and from one client address.
// Without the second limit a handful of clients, or one client with many connections, could hold
// every slot and shut everyone else out of printing (security review M4, reliability review D5).
import ipaddr from "ipaddr.js";
import { PrintvaktError } from "../../core/errors.js";

/**
 * Which clients count as one: an IPv4 address (also when it arrives IPv4-mapped), or an IPv6 /64,
 * the block one host usually has to itself and may pick addresses from at will.
 */
export function addressKey(peer: string): string {
  try {
    const address = ipaddr.process(peer);
    if (address.kind() === "ipv4") return address.toString();
    return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
  } catch {
    return peer;
  }
}

export class UploadSlots {
  #active = 0;
  readonly #byAddress = new Map<string, number>();

  constructor(private readonly limits: { total: number; perAddress: number }) {}

  /** Documents being received now. */
  get active(): number {
    return this.#active;
  }

  /** Takes a slot for a client, or refuses with "too-many" (server-error-busy). Returns its release. */
  take(peer: string): () => void {
    const key = addressKey(peer);
    const fromAddress = this.#byAddress.get(key) ?? 0;
    if (this.#active >= this.limits.total) throw new PrintvaktError("too-many", "the server is receiving too many documents at once; try again");
    if (fromAddress >= this.limits.perAddress) throw new PrintvaktError("too-many", "this computer is already sending as many documents as it may at once; try again");
    this.#active += 1;
    this.#byAddress.set(key, fromAddress + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active -= 1;
      const left = (this.#byAddress.get(key) ?? 1) - 1;
      if (left === 0) this.#byAddress.delete(key);
      else this.#byAddress.set(key, left);
    };
  }

  /** Runs `work` holding a slot for `peer`. */
  async with<T>(peer: string, work: () => Promise<T>): Promise<T> {
    const release = this.take(peer);
    try {
      return await work();
    } finally {
      release();
    }
  }
}
