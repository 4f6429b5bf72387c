// The canonical form of a card number as stored and compared by the server.
import { PrintvaktError } from "../errors.js";

/** Upper-case, no spaces; digits, A-F and the '-' some formats use between facility and card. */
export function canonicalCardNumber(raw: string): string {
  const number = raw.replace(/\s+/g, "").toUpperCase();
  if (!/^[0-9A-Z][0-9A-Z-]{0,63}$/.test(number)) {
    throw new PrintvaktError("bad-request", "card number is not valid: use digits and letters (hex), at most 64 characters");
  }
  return number;
}
