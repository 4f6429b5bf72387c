// The main thread's side of server/store/sqlite-thread.js: sends statements to the database's worker
// thread and hands Prisma's libsql adapter the answers in the shape @libsql/client gives it.
import { Worker } from "node:worker_threads";
import type { Client, InStatement, ResultSet, Transaction } from "@libsql/client";

interface WireResult {
  columns: string[];
  columnTypes: string[];
  rows: unknown[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

interface WireError {
  name: string;
  message: string;
  code?: string;
  rawCode?: number;
  /** A COMMIT failed with an I/O error (server/store/commit-outcome.ts). */
  outcomeUnknown?: true;
}

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: WireError };

/** The error as the driver raised it in the worker: Prisma's adapter reads `code` and `rawCode`. */
function errorFromWire(wire: WireError): Error {
  const error = new Error(wire.message) as Error & { code?: string; rawCode?: number };
  error.name = wire.name;
  if (wire.code !== undefined) error.code = wire.code;
  if (wire.rawCode !== undefined) error.rawCode = wire.rawCode;
  return error;
}

function resultSet(wire: WireResult): ResultSet {
  return { ...wire, toJSON: () => ({ ...wire, lastInsertRowid: wire.lastInsertRowid?.toString() }) } as unknown as ResultSet;
}

/** A client method Prisma's adapter does not call: it throws, saying which. */
function unsupported(name: string): () => never {
  return () => {
    throw new Error(`${name} is not supported by the database worker`);
  };
}

function statementOf(statement: InStatement, args?: unknown): { sql: string; args: unknown[] } {
  if (typeof statement === "string") return { sql: statement, args: Array.isArray(args) ? args : [] };
  if (!Array.isArray(statement.args ?? [])) throw new TypeError("named arguments are not used by Prisma and not supported here");
  return { sql: statement.sql, args: (statement.args as unknown[] | undefined) ?? [] };
}

export class SqliteWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  #nextId = 1;
  #stopped: Error | undefined;
  #closed: Promise<void> | undefined;
  #outcomeUnknown = false;
  /** The thread opened its connection: from then on its death ends the process. */
  #started = false;
  /** Whether the worker holds the process open now (a new Worker does). */
  #referenced = true;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  static async start(path: string, busyTimeoutMs: number, role: "reads" | "writes"): Promise<SqliteWorker> {
    const worker = new Worker(new URL("./sqlite-thread.js", import.meta.url), {
      name: `database ${role}`,
      workerData: { path, busyTimeoutMs },
      // The worker only passes rows along: a small young generation keeps its idle memory small, as
      // --max-semi-space-size does for the main thread (bin/printvakt.js).
      resourceLimits: { maxYoungGenerationSizeMb: 2 },
    });
    const connection = new SqliteWorker(worker);
    const ready = new Promise<unknown>((resolve, reject) => connection.#pending.set(0, { resolve, reject }));
    worker.on("message", (reply: Reply) => connection.#settle(reply));
    worker.on("error", (error) => connection.#stop(error));
    worker.on("exit", (code) => connection.#stop(new Error(`the database worker stopped (exit code ${code})`)));
    // A thread that cannot open its connection fails the start, and the caller says why (the CLI in one line).
    await ready;
    connection.#started = true;
    connection.#refWhileBusy();
    return connection;
  }

  #settle(reply: Reply): void {
    const waiter = this.#pending.get(reply.id);
    if (waiter === undefined) return;
    this.#pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(errorFromWire(reply.error));
    if (!reply.ok && reply.error.outcomeUnknown) this.#endForUnknownOutcome(reply.error);
    this.#refWhileBusy();
  }

  /** Whether a COMMIT on this connection failed with an I/O error (server/store/commit-outcome.ts). */
  get outcomeUnknown(): boolean {
    return this.#outcomeUnknown;
  }

  /**
   * What is on disk is unknown after a COMMIT's I/O error, and so is what this process holds: it
   * ends, as after a dead worker, and its supervisor starts it again; the start reconciles.
   */
  #endForUnknownOutcome(wire: WireError): void {
    this.#outcomeUnknown = true;
    this.#stop(new Error(`a database COMMIT failed with an I/O error (${wire.message}): whether it reached the disk is unknown, so the server stops; its next start reconciles the spool with what the database holds`));
  }

  #stop(error: Error): void {
    if (this.#stopped) return;
    this.#stopped = error;
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
    // A database worker that dies while the server runs leaves a server that can do nothing: the
    // error is raised so the process ends (and its supervisor restarts it) instead of answering
    // every request with an error.
    if (this.#closed === undefined && this.#started) queueMicrotask(() => {
      throw error;
    });
  }

  /** The worker keeps the process alive only while a statement is waiting for it (a CLI command ends when its work does). */
  #refWhileBusy(): void {
    const busy = this.#pending.size > 0;
    // Only when it changes: each ref and unref is a call into the thread's handles, and this runs
    // twice per statement (issue 13).
    if (busy === this.#referenced) return;
    this.#referenced = busy;
    if (busy) this.#worker.ref();
    else this.#worker.unref();
  }

  request(message: Record<string, unknown>): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = this.#nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#worker.postMessage({ ...message, id });
    this.#refWhileBusy();
    return answer;
  }

  async execute(tx: number | null, statement: { sql: string; args: unknown[] }): Promise<ResultSet> {
    return resultSet((await this.request({ op: "exec", tx, sql: statement.sql, args: statement.args })) as WireResult);
  }

  /** Closes the connection and ends the thread; closing again waits for the same end. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (this.#stopped) return;
      await this.request({ op: "close" }).catch(() => undefined);
      await this.#worker.terminate();
    })();
    return this.#closed;
  }
}

/**
 * Only a plain SELECT outside a transaction goes to the reads thread; anything else (an INSERT …
 * RETURNING returns rows too, a PRAGMA may set something) goes to the writes thread, so a write can
 * never run outside the writer's order.
 */
export function isPlainRead(sql: string): boolean {
  return /^\s*SELECT\b/i.test(sql);
}

/** A statement a store module wrote itself, with its parameters (dates as sql-values.ts binds them). */
export interface Statement {
  sql: string;
  args: unknown[];
  /**
   * In a write transaction in steps: the index of an earlier statement of the same message that
   * must have answered rows (a RETURNING: it changed some) for this one to run; one that does not
   * run answers no rows.
   */
  onlyIfRows?: number;
}

/**
 * A write transaction of statements a store module wrote itself, a message to the writes thread at a
 * time: `run` sends statements (the first call also begins the transaction, BEGIN IMMEDIATE), `commit`
 * sends the last ones with the COMMIT. Each answers every statement's rows, as readRows does.
 */
export interface StepTransaction {
  run(statements: readonly Statement[]): Promise<unknown[][][]>;
  commit(statements: readonly Statement[]): Promise<unknown[][][]>;
}

/** The two threads of one open database (server/store/sqlite-thread.js says why two). */
export class DatabaseThreads {
  readonly #reads: SqliteWorker;
  readonly #writes: SqliteWorker;
  #nextTransaction = 1;

  private constructor(reads: SqliteWorker, writes: SqliteWorker) {
    this.#reads = reads;
    this.#writes = writes;
  }

  /**
   * `busyTimeoutMs`: how long a statement waits inside SQLite for another process's write lock (on
   * a worker thread, so a wait no longer stalls the server's requests).
   */
  static async start(path: string, busyTimeoutMs: number): Promise<DatabaseThreads> {
    // The writer first: it is the one that would create the file and set up its write-ahead log.
    const writes = await SqliteWorker.start(path, busyTimeoutMs, "writes");
    try {
      return new DatabaseThreads(await SqliteWorker.start(path, busyTimeoutMs, "reads"), writes);
    } catch (error) {
      await writes.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.#reads.close(), this.#writes.close()]);
  }

  /** A COMMIT failed with an I/O error: every write since is refused, and the process is ending. */
  get commitOutcomeUnknown(): boolean {
    return this.#writes.outcomeUnknown;
  }

  /**
   * Plain SELECTs run one after another on the reads thread in one round trip; each answers its
   * rows as arrays in its columns' order (integers as numbers, blobs as latin1 strings, dates as stored).
   */
  async readRows(statements: readonly { sql: string; args: unknown[] }[]): Promise<unknown[][][]> {
    for (const statement of statements) if (!isPlainRead(statement.sql)) throw new TypeError("only a plain SELECT goes to the reads thread");
    return (await this.#reads.request({ op: "reads", statements })) as unknown[][][];
  }

  /**
   * Runs `work` as one write transaction in steps (StepTransaction). It must commit; if it throws
   * or returns without committing, what it ran is rolled back (and, without a commit, it fails).
   * A statement that fails has ended the transaction on the thread already.
   */
  async inSteps<T>(work: (tx: StepTransaction) => Promise<T>): Promise<T> {
    const tx = this.#nextTransaction++;
    let state = "new" as "new" | "open" | "over";
    const step = async (statements: readonly Statement[], commit: boolean): Promise<unknown[][][]> => {
      if (state === "over") throw new Error("the transaction is over");
      const begin = state === "new" ? "BEGIN IMMEDIATE" : undefined;
      state = commit ? "over" : "open";
      try {
        return (await this.#writes.request({ op: "steps", tx, begin, statements, commit })) as unknown[][][];
      } catch (error) {
        state = "over";
        throw error;
      }
    };
    try {
      const result = await work({ run: (statements) => step(statements, false), commit: (statements) => step(statements, true) });
      if (state === "open") throw new Error("a transaction in steps ended without its commit");
      return result;
    } finally {
      if (state === "open") await this.#writes.request({ op: "rollback", tx });
    }
  }

  #execute(statement: { sql: string; args: unknown[] }): Promise<ResultSet> {
    return (isPlainRead(statement.sql) ? this.#reads : this.#writes).execute(null, statement);
  }

  /**
   * A client as @libsql/client's, for Prisma's libsql adapter: the methods the adapter calls
   * (execute, transaction, executeMultiple, close); the others are not used by it and throw.
   */
  client(): Client {
    const client = {
      closed: false,
      protocol: "file",
      execute: (statement: InStatement, args?: unknown) => this.#execute(statementOf(statement, args)),
      executeMultiple: async (sql: string) => {
        await this.#writes.request({ op: "script", sql });
      },
      transaction: (mode: "write" | "read" | "deferred" = "write") => this.#transaction(mode),
      close: () => {
        client.closed = true;
      },
      batch: unsupported("batch"),
      migrate: unsupported("migrate"),
      sync: unsupported("sync"),
      reconnect: unsupported("reconnect"),
    };
    return client as unknown as Client;
  }

  async #transaction(mode: "write" | "read" | "deferred"): Promise<Transaction> {
    const tx = this.#nextTransaction++;
    const begin = mode === "write" ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    await this.#writes.request({ op: "begin", tx, sql: begin });
    let open = true;
    const end = async (op: "commit" | "rollback") => {
      if (!open) return;
      open = false;
      await this.#writes.request({ op, tx });
    };
    const transaction = {
      execute: (statement: InStatement, args?: unknown) => this.#writes.execute(tx, statementOf(statement, args)),
      commit: () => end("commit"),
      rollback: () => end("rollback"),
      close: () => {
        void end("rollback");
      },
      get closed() {
        return !open;
      },
      batch: unsupported("batch in a transaction"),
      executeMultiple: unsupported("executeMultiple in a transaction"),
    };
    return transaction as unknown as Transaction;
  }
}
