// Card numbers as the server keeps them: canonical (the same rule the kiosk agent applies after its
// reader's pipeline, see drivers/card-readers/README.md), then reduced to a keyed hash and the last
// few characters. The number itself is never stored (review H3): whoever reads the database, an
// admin or a backup, cannot copy a colleague's card onto a blank one.
import { keyedHash } from "../audit/keyed-hash.js";
import { canonicalCardNumber } from "../../drivers/card-readers/card-format/index.js";

export { canonicalCardNumber };

/** What the Card table holds for one card. */
export interface HashedCard {
  /** keyedHash of the canonical number under the audit hash key: the same value the audit calls cardHash. */
  numberHash: string;
  /** The last characters, for "card ending 1168" (see cardEnding). */
  lastDigits: string;
}

const ENDING_CHARACTERS = 4;

/**
 * The last 4 characters of a canonical number, but never more than half of it: the ending of a
 * short number would otherwise be most of the number. "13961168" → "1168", "777" → "7".
 */
export function cardEnding(canonicalNumber: string): string {
  return canonicalNumber.slice(-Math.min(ENDING_CHARACTERS, Math.floor(canonicalNumber.length / 2)));
}

/** The stored form of an already canonical number. */
export function hashCard(hashKey: Uint8Array, canonicalNumber: string): HashedCard {
  return { numberHash: keyedHash(hashKey, canonicalNumber), lastDigits: cardEnding(canonicalNumber) };
}

/** The stored form of a number as someone typed or a reader sent it; throws "bad-request" for what is not a card number. */
export function hashTypedCard(hashKey: Uint8Array, typed: string): HashedCard {
  return hashCard(hashKey, canonicalCardNumber(typed));
}

/** How messages name a card: "card ending 1168". */
export function describeCard(card: { lastDigits: string }): string {
  return card.lastDigits === "" ? "the card" : `card ending ${card.lastDigits}`;
}
