// Opens the database through Prisma, its SQLite connections on worker threads, and serialises write transactions.
import { PrismaClient } from "./generated/client.js";
import { PrintvaktError } from "../../core/errors.js";
import { commitOutcomeUnknown } from "./commit-outcome.js";
import { isDatabaseBusy, isStorageFailure } from "./prisma-errors.js";
import { DatabaseThreads, type StepTransaction } from "./sqlite-worker-client.js";
import { workerDriverAdapter } from "./worker-driver-adapter.js";
import { databaseFile } from "../private-files.js";

/**
 * How long one statement may wait, synchronously, for another process's lock. The driver waits
 * inside SQLite's busy handler on the database's writes thread, so this is how long a CLI command
 * or a second server holding the write lock holds up every other statement of this server: keep
 * it to a few milliseconds and wait longer asynchronously (reliability review D7: a 5 s busy
 * timeout, then on the event-loop thread, froze the server 5 s at a time and a badge failed).
 */
const BUSY_WAIT_MS = 20;
/** How long a write keeps retrying, without blocking, before it reports the database busy. */
const BUSY_BUDGET_MS = 30_000;
/** The longest pause between two attempts. */
const BUSY_PAUSE_MAX_MS = 250;

/**
 * A write transaction that met another process's write lock never happened (it claims the lock
 * before it reads anything), so running it again is safe. Retries pause asynchronously with
 * growing, jittered pauses until BUSY_BUDGET_MS has passed.
 */
async function retryWhileBusy<T>(attempt: () => Promise<T>): Promise<T> {
  const started = performance.now();
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseBusy(error) || performance.now() - started >= BUSY_BUDGET_MS) throw error;
      const pause = Math.min(BUSY_PAUSE_MAX_MS, 5 * 2 ** tries) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** What the database asks of the disk when a write fails for want of space (server/spool/disk-space.ts). */
export interface SpaceForWrites {
  /** Gives reserved space back when the disk is short; true when some was freed. */
  releaseIfShort(): Promise<boolean>;
  isShort(): Promise<boolean>;
}

/**
 * A write refused for want of disk space is run once more after the reserve was given back; still
 * refused on a short disk, it is reported as "no-space" (try again later), not as a bug.
 */
async function retryWhenFull<T>(space: SpaceForWrites | undefined, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (space === undefined || !isStorageFailure(error)) throw error;
    if (await space.releaseIfShort()) {
      try {
        return await attempt();
      } catch (again) {
        throw asNoSpace(again);
      }
    }
    if (await space.isShort()) throw asNoSpace(error);
    throw error;
  }
}

function asNoSpace(error: unknown): unknown {
  return isStorageFailure(error) ? new PrintvaktError("no-space", "the disk holding the database is full", { cause: error, userMessage: "The server is short of disk space; try again later" }) : error;
}

/**
 * The first statement of every write transaction: a write that changes nothing but makes this
 * connection SQLite's writer. Prisma's driver opens transactions DEFERRED; one that read first and
 * then wrote after another process had written was refused at once (SQLITE_BUSY, the snapshot is
 * stale) however long the busy timeout, and retried only a few times — the admin CLI lost that race
 * against a busy server (CI, audit-counts). Claiming the lock first turns that into an ordinary
 * wait, which retryWhileBusy does without blocking. `_prisma_migrations` exists in every database.
 */
const CLAIM_WRITER = `DELETE FROM "_prisma_migrations" WHERE 0`;

export type Prisma = InstanceType<typeof PrismaClient>;
/** The client handed to code running inside a transaction. */
export type Transaction = Omit<Prisma, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export interface Database {
  /**
   * The client itself, for modules in server/store/ only (test/architecture/store-private.test.ts
   * fails when code elsewhere, tests and benchmarks included, reaches for it). Everyone else passes
   * the Database, or the transaction they are in, to a store function; tests read what the store
   * does not hand out through test/support/database-rows.ts.
   */
  readonly prisma: Prisma;
  /**
   * Runs `work` in one transaction. Writers queue behind each other in this process: SQLite has
   * one writer anyway, and the audit chain needs "read last hash, append" to be atomic. Both of the
   * database threads' connections run with secure_delete (server/store/sqlite-thread.js): without it SQLite
   * leaves a rewritten or deleted row's old bytes (a wrapped key, a sealed title) in the page's free space.
   */
  write<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * `readOnly`: only read through it, so a read-only copy opens too (nothing is set that would write).
 * `space`: where to get room when a write fails on a full disk.
 */
export async function openDatabase(databaseUrl: string, options: { readOnly?: boolean; space?: SpaceForWrites } = {}): Promise<Database> {
  const file = databaseFile(databaseUrl);
  if (file === undefined) throw new PrintvaktError("bad-config", "the database URL must be a file: URL (SQLite)");
  const threads = await DatabaseThreads.start(file, BUSY_WAIT_MS).catch((error: unknown) => {
    throw new PrintvaktError("bad-config", `cannot open the database ${file}: ${firstLine(error)}`, { cause: error });
  });
  const prisma = new PrismaClient({ adapter: workerDriverAdapter(threads) });
  if (!options.readOnly) await useWriteAheadLog(prisma, threads, file);
  let queue: Promise<unknown> = Promise.resolve();
  /**
   * One write transaction after the others, retried as a whole when busy or short of space; never
   * retried, nor reported as a plain failure, when its COMMIT's outcome is unknown (commit-outcome.ts).
   */
  const queued = <T>(attempt: () => Promise<T>): Promise<T> => {
    const once = () =>
      attempt().catch((error: unknown) => {
        throw threads.commitOutcomeUnknown ? commitOutcomeUnknown(error) : error;
      });
    const run = queue.then(() => retryWhenFull(options.space, () => retryWhileBusy(once)));
    queue = run.catch(() => undefined);
    return run;
  };
  const database: Database = {
    prisma,
    write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
      return queued(() =>
        prisma.$transaction(
          async (tx) => {
            await tx.$executeRawUnsafe(CLAIM_WRITER);
            return work(tx);
          },
          { timeout: 30_000, maxWait: 30_000 },
        ),
      );
    },
    close: async () => {
      await prisma.$disconnect();
      // Also when Prisma has already disposed of its adapter (which closes them): closing is idempotent.
      await threads.close();
    },
  };
  threadsOf.set(database, threads);
  stepWritesOf.set(database, (work) => queued(() => threads.inSteps(work)));
  return database;
}

const stepWritesOf = new WeakMap<Database, <T>(work: (tx: StepTransaction) => Promise<T>) => Promise<T>>();

/**
 * A write transaction of statements a store module wrote itself, sent to the writes thread past
 * Prisma a message at a time (StepTransaction: the first message begins it, the last commits it).
 * Through Prisma each statement was a round trip and about a millisecond of its query interpreter
 * on the event loop; a Print-Job's transaction made six of them, all on the tail between the
 * document's last octet and the answer (issue 13). Queued with write()'s transactions and retried
 * as they are (busy, short of space), so `work` may run more than once. BEGIN IMMEDIATE claims the
 * write lock before anything is read, as write()'s first statement does. For the database itself only.
 */
export function writeInSteps<T>(db: Database, work: (tx: StepTransaction) => Promise<T>): Promise<T> {
  const write = stepWritesOf.get(db);
  if (write === undefined) throw new TypeError("not a database opened by openDatabase");
  return write(work);
}

export type { Statement, StepTransaction } from "./sqlite-worker-client.js";

const threadsOf = new WeakMap<Database, DatabaseThreads>();

/**
 * Puts the database in WAL mode, or refuses it. The store relies on it: readers (kiosk lists, the
 * admin console) go on while a job is being recorded, a COMMIT never waits for readers (a rollback
 * journal's COMMIT answers busy while anyone reads, and nothing retried that), and checkpoints
 * scrub destroyed keys from the log. SQLite answers a mode it cannot switch to with the mode it
 * stays in, not with an error: an in-memory database stays "memory".
 */
async function useWriteAheadLog(prisma: Prisma, threads: DatabaseThreads, file: string): Promise<void> {
  const [answer] = await prisma.$queryRawUnsafe<{ journal_mode?: unknown }[]>("PRAGMA journal_mode = WAL");
  const mode = String(answer?.journal_mode ?? "").toLowerCase();
  if (mode === "wal") return;
  await prisma.$disconnect();
  await threads.close();
  throw new PrintvaktError("bad-config", `the database ${file} cannot use SQLite's write-ahead log (its journal mode stays "${mode}"); Printvakt needs a database file on a local file system`);
}

/** An error's message as one line, for the CLI's one-line report. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).trim().split("\n", 1)[0]!;
}

/**
 * Plain SELECTs a store module wrote itself, sent to the reads thread together and answered as
 * rows of values (no column names; blobs as latin1 strings) in one round trip, past Prisma: a badge's reads were one round
 * trip and about a millisecond of Prisma's query interpreter each (issue 13). For the database
 * itself only; inside a transaction, read through the transaction.
 */
export function readRowsInOneTrip(db: Database, statements: readonly { sql: string; args: unknown[] }[]): Promise<unknown[][][]> {
  const threads = threadsOf.get(db);
  if (threads === undefined) throw new TypeError("not a database opened by openDatabase");
  return threads.readRows(statements);
}

/** What a store read takes: the open database, or the transaction the read belongs to. */
export type Reader = Database | Transaction | Prisma;

/** The query client behind a Reader (store modules only). */
export function clientOf(reader: Reader): Transaction {
  return "write" in reader && "prisma" in reader ? reader.prisma : reader;
}
