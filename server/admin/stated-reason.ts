// The reason an admin states for revealing a title or deleting someone's job: what an auditor
// reads later, so it must be readable text. Control, format and other invisible characters become
// spaces, runs of white space one space, and what is left must hold a few letters or digits: three
// NULs between spaces, or a reason of dots, states nothing (review L4).
import { auditText } from "../audit/canonical.js";
import { PrintvaktError } from "../../core/errors.js";

/** Longest reason kept; the rest is cut (the audit entry stays bounded). */
const MAX_REASON_LENGTH = 500;
/** Letters or digits a reason needs at least ("IMY 14" has five). */
const MIN_LETTERS_OR_DIGITS = 3;

/** Every character that shows nothing or moves the cursor: C* (controls, format, surrogates, private, unassigned) and line/paragraph separators. */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/gu;

/** The reason as it is audited, or a bad-request naming what a reason needs. */
export function statedReason(raw: string): string {
  const reason = auditText(raw.normalize("NFKC").replace(INVISIBLE, " ").replace(/\s+/gu, " ").trim(), MAX_REASON_LENGTH);
  const lettersOrDigits = reason.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (lettersOrDigits < MIN_LETTERS_OR_DIGITS) throw new PrintvaktError("bad-request", `State a reason (at least ${MIN_LETTERS_OR_DIGITS} letters or digits)`);
  return reason;
}
