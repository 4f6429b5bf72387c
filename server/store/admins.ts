// Console accounts (admins and auditors).
import { PrintvaktError } from "../../core/errors.js";
import { clientOf, type Reader, type Transaction } from "./database.js";
import { isUniqueViolation } from "./prisma-errors.js";

export type AdminRole = "admin" | "auditor";
export interface AdminRecord {
  id: number;
  username: string;
  role: AdminRole;
  passwordHash: string;
  /** Set for directory-managed accounts: they log in with an LDAP bind as this DN. */
  directoryDn: string | null;
}

export async function createAdmin(tx: Transaction, input: { username: string; role: AdminRole; passwordHash: string }): Promise<AdminRecord> {
  try {
    const row = await tx.adminAccount.create({ data: input });
    return { ...row, role: row.role as AdminRole };
  } catch (error) {
    if (isUniqueViolation(error)) throw new PrintvaktError("conflict", `console account ${input.username} already exists`);
    throw error;
  }
}

export async function findAdmin(db: Reader, username: string): Promise<AdminRecord | null> {
  const row = await clientOf(db).adminAccount.findUnique({ where: { username } });
  return row ? { ...row, role: row.role as AdminRole } : null;
}

export async function listAdmins(db: Reader): Promise<Omit<AdminRecord, "passwordHash">[]> {
  const rows = await clientOf(db).adminAccount.findMany({ orderBy: { username: "asc" }, select: { id: true, username: true, role: true, directoryDn: true } });
  return rows.map((row) => ({ ...row, role: row.role as AdminRole }));
}
