// Opens the database through Prisma's libsql driver adapter and serialises write transactions.
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "./generated/client.js";

export type Prisma = InstanceType<typeof PrismaClient>;
/** The client handed to code running inside a transaction. */
export type Transaction = Omit<Prisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface Database {
  readonly prisma: Prisma;
  /**
   * Runs `work` in one transaction. Writers queue behind each other in this process: SQLite has
   * one writer anyway, and the audit chain needs "read last hash, append" to be atomic.
   */
  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDatabase(databaseUrl: string): Promise<Database> {
  const prisma = new PrismaClient({ adapter: new PrismaLibSql({ url: databaseUrl }) });
  // WAL lets readers (kiosk lists, admin console) proceed while a job is being recorded;
  // busy_timeout covers the admin CLI writing while the server runs.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$executeRawUnsafe("PRAGMA busy_timeout = 5000");
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  let queue: Promise<unknown> = Promise.resolve();
  return {
    prisma,
    write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const run = queue.then(() => prisma.$transaction((tx) => work(tx), { timeout: 30_000, maxWait: 30_000 }));
      queue = run.catch(() => undefined);
      return run;
    },
    close: () => prisma.$disconnect(),
  };
}

/**
 * Copies the write-ahead log into the database file and empties it; false when readers kept it
 * from completing (try again later). Until then the WAL holds the old versions of changed pages,
 * a destroyed job's wrapped key and sealed title among them.
 */
export async function truncateWriteAheadLog(prisma: Prisma): Promise<boolean> {
  const [result] = await prisma.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
  return result === undefined || Number(result.busy) === 0;
}
