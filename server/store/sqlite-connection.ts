// A plain SQLite connection beside Prisma: for migrations (multi-statement SQL in one transaction)
// and for tests that must reach the file the way an attacker or a crash would, past the store.
import { createClient, type Client } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";

export type SqliteConnection = Client;

/** `busyTimeoutMs`: how long a statement waits for another process's write lock before failing. */
export function openSqliteConnection(databaseUrl: string, busyTimeoutMs = 5_000): SqliteConnection {
  return createClient({ url: databaseUrl, timeout: busyTimeoutMs });
}

/** Prisma's driver adapter for the same file, for development tools that drive Prisma's engines. */
export function sqliteDriverAdapter(databaseUrl: string): PrismaLibSql {
  return new PrismaLibSql({ url: databaseUrl });
}
