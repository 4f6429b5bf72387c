// The canonical form of a person's user name, so "Anna", "KOMMUN\anna" and "anna@kommun.se" as
// sent by different operating systems all name the same person.
import { PrintvaktError } from "../../core/errors.js";

const ALLOWED = /^[\p{L}\p{N}._-]{1,64}$/u;

/**
 * Lower case, NFC, surrounding space removed, and a Windows domain prefix ("DOMAIN\") or a
 * Kerberos/UPN realm ("@realm") stripped: one municipality, one namespace of staff accounts.
 */
export function canonicalUsername(raw: string): string {
  let name = raw.normalize("NFC").trim().toLowerCase();
  const backslash = name.lastIndexOf("\\");
  if (backslash >= 0) name = name.slice(backslash + 1);
  const at = name.indexOf("@");
  if (at > 0) name = name.slice(0, at);
  if (!ALLOWED.test(name)) {
    throw new PrintvaktError("bad-request", `user name ${JSON.stringify(raw.slice(0, 80))} is not valid: use 1-64 letters, digits, '.', '_' or '-'`);
  }
  return name;
}
