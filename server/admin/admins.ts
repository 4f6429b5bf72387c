// Creating console accounts for admins and auditors.
import { PrintvaktError } from "../../core/errors.js";
import { hashSecret } from "../identity/secrets.js";
import { canonicalUsername } from "../identity/usernames.js";
import { appendAudit } from "../store/audit-log.js";
import { createAdmin, type AdminRole } from "../store/admins.js";
import type { Database } from "../store/database.js";
import type { AdminActor } from "./actor.js";

export function validAdminPassword(password: string): string {
  if (password.length < 12) throw new PrintvaktError("bad-request", "a console password has at least 12 characters");
  if (password.length > 1024) throw new PrintvaktError("bad-request", "a console password has at most 1024 characters");
  return password;
}

export async function addAdmin(db: Database, actor: AdminActor, input: { username: string; role: string; password: string }): Promise<void> {
  const username = canonicalUsername(input.username);
  if (input.role !== "admin" && input.role !== "auditor") throw new PrintvaktError("bad-request", "--role must be admin or auditor");
  const role: AdminRole = input.role;
  const passwordHash = await hashSecret(validAdminPassword(input.password));
  await db.write(async (tx) => {
    const account = await createAdmin(tx, { username, role, passwordHash });
    await appendAudit(tx, { type: "admin.changed", actor: actor.label, subject: `admin:${account.username}`, details: { action: "added", fields: ["username", "role", "password"] } });
  });
}
