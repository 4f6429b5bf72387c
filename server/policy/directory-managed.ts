// Which fields of a person are the directory's: those are read-only in the console, API and CLI.
import { PrintvaktError } from "../../core/errors.js";

/** Fields the directory sync owns for a directory-managed person; PIN and printing password stay local. */
export const DIRECTORY_MANAGED_FIELDS = ["username", "displayName", "email", "language", "cards"] as const;

export function isDirectoryManaged(user: { directoryId: string | null }): boolean {
  return user.directoryId !== null;
}

/** Throws "not-possible" when a directory-managed field of a directory-managed person is to be edited here. */
export function assertEditable(user: { username: string; directoryId: string | null }, field: (typeof DIRECTORY_MANAGED_FIELDS)[number]): void {
  if (!isDirectoryManaged(user)) return;
  throw new PrintvaktError("not-possible", `${user.username} is managed by the directory: change their ${field} there, it arrives here with the next sync`);
}
