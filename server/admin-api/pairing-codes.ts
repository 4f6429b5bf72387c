// One-time pairing codes: an admin asks for one for a kiosk, and the kiosk screen trades it for the
// kiosk's token at POST /api/kiosk/pair. Kept in memory only (a restart voids open codes) for ten
// minutes. The token waits sealed under a key derived from the code itself and the map is keyed by
// the code's hash, so the memory of the process alone never yields a token.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from "node:crypto";

export const PAIRING_CODE_TTL_MS = 10 * 60_000;
// No 0/O, 1/I/L, so it reads off a screen and types in without doubt; 10 characters ≈ 49 bits.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 10;

interface PendingPairing {
  kioskId: number;
  kioskName: string;
  iv: Buffer;
  sealedToken: Buffer;
  tag: Buffer;
  expiresAt: number;
}

export interface RedeemedPairing {
  kioskId: number;
  kioskName: string;
  token: string;
}

/** Upper case, without spaces or dashes: "abcde-fghjk" and "ABCDEFGHJK" are the same code. */
export function normalizePairingCode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** "ABCDEFGHJK" → "ABCDE-FGHJK" for reading aloud. */
export function formatPairingCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

const lookupKey = (code: string) => createHash("sha256").update(`printvakt pairing lookup\0${code}`).digest("hex");
const sealingKey = (code: string) => Buffer.from(hkdfSync("sha256", code, Buffer.alloc(0), "printvakt pairing seal v1", 32));

export class PairingCodes {
  readonly #pending = new Map<string, PendingPairing>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new code for this kiosk; any earlier open code for the same kiosk stops working. */
  create(kioskId: number, kioskName: string, token: string): { code: string; expiresAt: Date } {
    this.#sweep();
    for (const [key, pending] of this.#pending) if (pending.kioskId === kioskId) this.#pending.delete(key);
    let code = "";
    for (let index = 0; index < CODE_LENGTH; index++) code += ALPHABET[randomInt(ALPHABET.length)];
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", sealingKey(code), iv);
    const sealedToken = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
    const expiresAt = this.now() + PAIRING_CODE_TTL_MS;
    this.#pending.set(lookupKey(code), { kioskId, kioskName, iv, sealedToken, tag: cipher.getAuthTag(), expiresAt });
    return { code: formatPairingCode(code), expiresAt: new Date(expiresAt) };
  }

  /** The token for a valid code, once; undefined for an unknown, used or expired code. */
  redeem(raw: string): RedeemedPairing | undefined {
    this.#sweep();
    const code = normalizePairingCode(raw);
    if (code.length !== CODE_LENGTH) return undefined;
    const key = lookupKey(code);
    const pending = this.#pending.get(key);
    if (!pending) return undefined;
    this.#pending.delete(key);
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(code), pending.iv);
    decipher.setAuthTag(pending.tag);
    const token = Buffer.concat([decipher.update(pending.sealedToken), decipher.final()]).toString("utf8");
    return { kioskId: pending.kioskId, kioskName: pending.kioskName, token };
  }

  /** Forget every open code of a kiosk (it was revoked or got a new token another way). */
  forgetKiosk(kioskId: number): void {
    for (const [key, pending] of this.#pending) if (pending.kioskId === kioskId) this.#pending.delete(key);
  }

  #sweep(): void {
    const now = this.now();
    for (const [key, pending] of this.#pending) if (pending.expiresAt <= now) this.#pending.delete(key);
  }
}
