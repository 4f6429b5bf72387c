// Audit entries written before card numbers were hashed (migration card_number_hash) carry the
// number in clear in card.unknown's details (cardNumber, rawRead). The hash chain forbids rewriting
// them, so the console masks them when it shows an entry: an auditor sees "…1168", like everywhere
// else. Exports stay byte for byte what was chained (they are for verification), and pruning
// removes the old entries once retention allows (docs/security.md).
import { cardEnding } from "../identity/card-numbers.js";
import type { JsonValue } from "./entry.js";

/** Detail keys that held a card number in clear in entries of earlier versions. */
const CLEAR_CARD_KEYS: ReadonlySet<string> = new Set(["cardNumber", "rawRead", "card"]);

/** The details with every clear card number replaced by its ending ("…1168"). */
export function maskCardNumbers(details: Record<string, JsonValue>): Record<string, JsonValue> {
  const masked: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(details)) {
    masked[key] = CLEAR_CARD_KEYS.has(key) && typeof value === "string" ? `…${cardEnding(value.trim())}` : value;
  }
  return masked;
}
