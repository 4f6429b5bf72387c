// Helping a person back in: lift a PIN lock, or issue a one-time enrolment code so they can link a
// new card at a kiosk themselves. Codes are shown once; only their SHA-256 is stored.
import { createHash, randomInt } from "node:crypto";
import { PrintvaktError } from "../../core/errors.js";
import { canonicalUsername } from "../identity/usernames.js";
import { appendAudit } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { createEnrolmentCode } from "../store/enrolment-codes.js";
import { findUserByName, setPinState } from "../store/users.js";
import { assertEditable } from "../policy/directory-managed.js";
import type { AdminActor } from "./actor.js";

/** Long enough to hand over on paper or by phone, short-lived, single-use. */
export const ENROLMENT_CODE_TTL_MS = 72 * 3_600_000;
// No 0/O, 1/I/L: the person types it at a kiosk from a note.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 10;

/** The hash card:link compares against (see server/realtime/handlers/card-link.ts). */
export function enrolmentCodeHash(code: string): string {
  return createHash("sha256").update(code.trim()).digest("hex");
}

function newEnrolmentCode(): string {
  let code = "";
  for (let index = 0; index < CODE_LENGTH; index++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export async function unlockUser(db: Database, actor: AdminActor, usernameRaw: string): Promise<void> {
  const username = canonicalUsername(usernameRaw);
  await db.write(async (tx) => {
    const user = await findUserByName(tx, username);
    if (!user) throw new PrintvaktError("not-found", `no user named ${username}`);
    await setPinState(tx, user.id, { failedPins: 0, lockedUntil: null });
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `user:${username}`, details: { action: "changed", fields: ["failedPins", "lockedUntil"] } });
  });
}

export async function issueEnrolmentCode(db: Database, actor: AdminActor, usernameRaw: string, now = new Date()): Promise<{ code: string; expiresAt: Date }> {
  const username = canonicalUsername(usernameRaw);
  const code = newEnrolmentCode();
  const expiresAt = new Date(now.getTime() + ENROLMENT_CODE_TTL_MS);
  await db.write(async (tx) => {
    const user = await findUserByName(tx, username);
    if (!user) throw new PrintvaktError("not-found", `no user named ${username}`);
    // A code links a card at a kiosk; a directory person's cards come from the directory only.
    assertEditable(user, "cards");
    await createEnrolmentCode(tx, user.id, enrolmentCodeHash(code), expiresAt);
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `user:${username}`, details: { action: "added", fields: ["enrolmentCode"] } });
  });
  return { code, expiresAt };
}
