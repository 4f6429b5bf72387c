// Opens the database through Prisma's libsql driver adapter and serialises write transactions.
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "./generated/client.js";
import { isDatabaseBusy } from "./prisma-errors.js";

/** Attempts of one write transaction that another process (the CLI, a second server) kept busy. */
const BUSY_ATTEMPTS = 6;

/**
 * A transaction starts as a reader; when another process wrote meanwhile, SQLite refuses the
 * upgrade to writer at once with SQLITE_BUSY instead of waiting. The transaction then never
 * happened, so running it again is safe.
 */
async function retryWhileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseBusy(error) || tries >= BUSY_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** tries + Math.random() * 25));
    }
  }
}

export type Prisma = InstanceType<typeof PrismaClient>;
/** The client handed to code running inside a transaction. */
export type Transaction = Omit<Prisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface Database {
  /**
   * The client itself, for modules in server/store/ only (test/architecture/store-private.test.ts
   * fails when production code elsewhere reaches for it). Everyone else passes the Database, or the
   * transaction they are in, to a store function.
   */
  readonly prisma: Prisma;
  /**
   * Runs `work` in one transaction. Writers queue behind each other in this process: SQLite has
   * one writer anyway, and the audit chain needs "read last hash, append" to be atomic. Every
   * transaction runs with secure_delete: without it SQLite leaves a rewritten or deleted row's old
   * bytes (a wrapped key, a sealed title) in the page's free space. The flag belongs to a
   * connection and the driver pools connections it opens as it likes, so it is set on the one each
   * transaction runs on; every write goes through here.
   */
  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openDatabase(databaseUrl: string): Promise<Database> {
  // timeout is the busy timeout of every connection in the driver's pool (a PRAGMA busy_timeout
  // would reach only the one connection that ran it): it covers the admin CLI writing while the
  // server runs, and the retention tick emptying the write-ahead log.
  const prisma = new PrismaClient({ adapter: new PrismaLibSql({ url: databaseUrl, timeout: 5_000 }) });
  // WAL lets readers (kiosk lists, admin console) proceed while a job is being recorded.
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  let queue: Promise<unknown> = Promise.resolve();
  return {
    prisma,
    write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      const run = queue.then(() =>
        retryWhileBusy(() =>
          prisma.$transaction(
            async (tx) => {
              await tx.$queryRawUnsafe("PRAGMA secure_delete = ON");
              return work(tx);
            },
            { timeout: 30_000, maxWait: 30_000 },
          ),
        ),
      );
      queue = run.catch(() => undefined);
      return run;
    },
    close: () => prisma.$disconnect(),
  };
}

/** What a store read takes: the open database, or the transaction the read belongs to. */
export type Reader = Database | Transaction | Prisma;

/** The query client behind a Reader (store modules only). */
export function clientOf(reader: Reader): Transaction {
  return "write" in reader && "prisma" in reader ? reader.prisma : reader;
}
