// The one rule that turns a card number into the form stored and compared, on the kiosk and on the server.
import { PrintvaktError } from "../../../core/errors.js";

/*
 * Canonical form: letters upper-case; groups separated by "-" (a "," as printed on EM4100 cards
 * "213,02000" counts as "-"); leading zeros removed from every group, keeping one "0" for a group
 * of zeros. So "0013961168", "13961168" and " 13961168 " are one card, and so are "213-02000"
 * and "213,2000", and "04a1b2c3" equals "4A1B2C3".
 *
 * Why strip zeros: the same card reaches us zero padded or not depending on reader settings
 * (RFIDeas "zero padded" option), on spreadsheets that drop leading zeros in imports, and on how
 * an admin types it. Within one format a leading zero carries no identity: every value of a
 * format has the same width, so two different cards never differ only by leading zeros. Length
 * checks that need the zeros (a lost digit in a 10-digit read) run before this, in the shape
 * check.
 *
 * What it cannot do: tell hex from decimal. "12345678" is one string whichever base it was meant
 * in; stored numbers must be written in the same form the kiosk's pipeline produces.
 */

const longestCardNumber = 64;
const cardNumberPattern = /^[0-9A-Za-z]+([-,][0-9A-Za-z]+)*$/;

function withoutLeadingZeros(group: string): string {
  return group.replace(/^0+(?=.)/, "");
}

/** Throws PrintvaktError "bad-request" for anything that is not a card number; never echoes the input. */
export function canonicalCardNumber(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new PrintvaktError("bad-request", "the card number is empty");
  if (trimmed.length > longestCardNumber) throw new PrintvaktError("bad-request", `a card number has at most ${longestCardNumber} characters`);
  if (!cardNumberPattern.test(trimmed)) {
    throw new PrintvaktError("bad-request", 'a card number may contain only letters and digits, with single "-" or "," between groups');
  }
  return trimmed.toUpperCase().split(/[-,]/).map(withoutLeadingZeros).join("-");
}
