// @ts-check
// One SQLite connection of an open database, on a worker thread of its own (one for reads, one for writes).
//
// Why a thread: SQLite answers synchronously, so every query run on the server's main thread stops
// every kiosk, IPP client and timer for as long as it takes (issue 13: a burst of 50 badges queued
// 50 × ~12 ms of database work behind each other). Here the statements run while the main thread
// goes on; the main thread only sends SQL and receives rows (server/store/sqlite-worker-client.ts).
//
// Why two threads, each with one connection: the writer holds the one open transaction
// (SQLite has one writer; the store's write queue keeps it to one at a time) and waits for the disk
// at each COMMIT; the reader answers plain SELECTs meanwhile from the last committed state (WAL), so
// a badge's reads wait neither for someone else's transaction to finish (with one connection they
// waited for the whole transaction, awaits included) nor for its fsync (with one thread they did).
//
// Plain JavaScript because a worker is loaded by path: this file runs as it is both from the
// sources (tests) and from dist/ (tsc copies it), with its types checked through JSDoc.
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

/** @typedef {{ path: string, busyTimeoutMs: number }} Settings */
/**
 * A statement a store module wrote itself; with `onlyIfRows`, the index of an earlier statement of
 * the same message that must have answered rows for this one to run (a claim that lost its race,
 * seen by its RETURNING, writes nothing more). One that does not run answers no rows.
 * @typedef {{ sql: string, args: unknown[], onlyIfRows?: number }} Statement
 */
/** @typedef {{ id: number, op: "exec", tx: number | null, sql: string, args: unknown[] } | { id: number, op: "begin", tx: number, sql: string } | { id: number, op: "commit" | "rollback", tx: number } | { id: number, op: "script", sql: string } | { id: number, op: "reads", statements: { sql: string, args: unknown[] }[] } | { id: number, op: "steps", tx: number, begin: string | undefined, statements: Statement[], commit: boolean } | { id: number, op: "close" }} Request */

const settings = /** @type {Settings} */ (workerData);
const port = /** @type {import("node:worker_threads").MessagePort} */ (parentPort);

/** Statements SQLite has compiled, per connection: Prisma sends the same few hundred SQL texts again and again. */
const STATEMENT_CACHE_SIZE = 256;

class Connection {
  /** @param {string} path */
  constructor(path) {
    this.db = new Database(path, { timeout: settings.busyTimeoutMs });
    /** @type {Map<string, any>} */
    this.statements = new Map();
    // Set once for the connection's life (both are per connection in SQLite): rows deleted or
    // rewritten leave no old bytes (a wrapped key, a sealed title) in free pages, and foreign keys hold.
    this.db.exec("PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON");
  }

  /** @param {string} sql */
  prepared(sql) {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      statement.safeIntegers(true);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value ?? "");
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * One statement, answered in the shape @libsql/client gives Prisma's adapter: column names and
   * declared types, rows as arrays, integers as numbers (as its default "number" mode does, refusing
   * one that a number cannot hold exactly), blobs as ArrayBuffers.
   * @param {string} sql @param {unknown[]} args
   */
  execute(sql, args) {
    const statement = this.prepared(sql);
    const values = args.map(toSql);
    let returnsRows = true;
    try {
      statement.raw(true);
    } catch {
      returnsRows = false; // raw() refuses a statement that returns no rows
    }
    if (returnsRows) {
      /** @type {{ name: string, type: string | null }[]} */
      const columns = statement.columns();
      const rows = statement.all(values).map((/** @type {unknown[]} */ row) => row.map(fromSql));
      return { columns: columns.map((column) => column.name), columnTypes: columns.map((column) => column.type ?? ""), rows, rowsAffected: 0, lastInsertRowid: undefined };
    }
    const info = statement.run(values);
    return { columns: [], columnTypes: [], rows: [], rowsAffected: info.changes, lastInsertRowid: BigInt(info.lastInsertRowid) };
  }

  /**
   * The rows of a SELECT as arrays, in the columns' order, without column names or types: what a
   * store module that wrote the SQL itself needs (it knows the columns), and less to copy to the
   * main thread. Blobs come as latin1 strings, one character per byte: an ArrayBuffer costs the
   * receiving thread about five times as much to take in (two per job in a kiosk list).
   * @param {string} sql @param {unknown[]} args
   */
  rows(sql, args) {
    const statement = this.prepared(sql);
    statement.raw(true);
    return statement.all(args.map(toSql)).map((/** @type {unknown[]} */ row) => row.map(fromSqlAsText));
  }

  /**
   * A statement of a transaction a store module wrote itself: its rows as rows() gives them, or
   * none for a statement that returns none (an INSERT).
   * @param {string} sql @param {unknown[]} args
   */
  step(sql, args) {
    const statement = this.prepared(sql);
    if (statement.reader) return this.rows(sql, args);
    statement.run(args.map(toSql));
    return [];
  }

  close() {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** @param {unknown} value */
function fromSql(value) {
  if (typeof value === "bigint") {
    if (value < MIN_SAFE || value > MAX_SAFE) throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
    return Number(value);
  }
  if (Buffer.isBuffer(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

/** @param {unknown} value */
function fromSqlAsText(value) {
  return Buffer.isBuffer(value) ? value.toString("latin1") : fromSql(value);
}

/**
 * An argument as @libsql/client binds it (Prisma's adapter has already turned dates into text and
 * bytes into buffers; a Buffer arrives here as a Uint8Array).
 * @param {unknown} value
 */
function toSql(value) {
  if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError("undefined cannot be passed as argument to the database");
  return value;
}

/** The thread's one connection: the main thread sends a reads thread only plain SELECTs outside transactions. */
const connection = new Connection(settings.path);

/** The transaction the writer is in (its id), or null. */
let openTransaction = /** @type {number | null} */ (null);
/** Work for the writer that arrived while another transaction held it, in arrival order. */
const waiting = /** @type {Request[]} */ ([]);

/**
 * Work that must not run inside another caller's open transaction (on the writes thread, everything
 * but that transaction's own statements).
 * @param {Request} request
 */
function needsWriter(request) {
  if (request.op === "exec") return request.tx === null;
  if (request.op === "steps") return request.begin !== undefined;
  return request.op === "begin" || request.op === "script" || request.op === "reads";
}

/** A COMMIT failed with an I/O error: whether it is on disk is unknown, and this connection writes nothing more. */
let outcomeUnknown = false;

/** SQLITE_IOERR_SHMSIZE: the write-ahead log's index could not grow, what a full disk gives at COMMIT. */
const SQLITE_IOERR_SHMSIZE = 4874;

/**
 * SQLite's SQLITE_IOERR under any of its extended codes (which share the low byte), but for a
 * full disk's: those frames were written and synced, and this connection's next commit writes
 * over them, so the store's full-disk retry (database.ts) settles it, and a crash before that
 * leaves a job the next start reconciles.
 * @param {unknown} error
 */
function isIoError(error) {
  const rawCode = /** @type {{ rawCode?: unknown }} */ (error ?? {}).rawCode;
  return typeof rawCode === "number" && (rawCode & 0xff) === 10 && rawCode !== SQLITE_IOERR_SHMSIZE;
}

/** @param {Request} request */
function handle(request) {
  if (openTransaction !== null && needsWriter(request)) {
    waiting.push(request);
    return;
  }
  answer(request);
  drain();
}

/**
 * Every request is answered here, whether it came in now or waited for the writer (drain): one that
 * waited while a COMMIT failed with an I/O error must not run either (review F4: the write-ahead log
 * checkpoint did, and committed after the unknown COMMIT).
 * @param {Request} request
 */
function answer(request) {
  if (outcomeUnknown && request.op !== "close") {
    fail(request.id, Object.assign(new Error("a COMMIT of this connection failed with an I/O error; it writes nothing more"), { code: "COMMIT_OUTCOME_UNKNOWN", outcomeUnknown: true }));
    return;
  }
  try {
    reply(request.id, run(request));
  } catch (error) {
    fail(request.id, error);
  }
}

/** @param {Request} request */
function run(request) {
  switch (request.op) {
    case "exec":
      if (request.tx === null) return connection.execute(request.sql, request.args);
      assertCurrent(request.tx);
      try {
        return connection.execute(request.sql, request.args);
      } finally {
        // SQLite answers some failures (SQLITE_FULL, SQLITE_IOERR) by rolling the whole transaction
        // back itself. The transaction is over then: the caller's next statements must not run in
        // autocommit, each committed alone (an audit entry without its change). They, and the
        // COMMIT, are refused as statements of a closed transaction.
        if (!connection.db.inTransaction) openTransaction = null;
      }
    case "begin":
      connection.db.exec(request.sql);
      openTransaction = request.tx;
      return null;
    case "commit":
      assertCurrent(request.tx);
      commit();
      return null;
    case "steps":
      return steps(request);
    case "rollback":
      if (openTransaction === request.tx) endTransaction();
      return null;
    case "script":
      connection.db.exec(request.sql);
      return null;
    case "reads":
      // Several reads in one message (server/store/one-trip-reads.ts): one round trip instead of one per statement.
      return request.statements.map((statement) => connection.rows(statement.sql, statement.args));
    case "close":
      connection.close();
      return null;
  }
}

/**
 * Statements of a store module's own write transaction in one message (server/store/database.ts,
 * writeInSteps): the first message begins it, the last commits it, so a job and its audit entry
 * are a few round trips instead of one per statement. A statement that fails ends the transaction
 * (rolled back): its caller gets the error and nothing of it is kept.
 * @param {{ tx: number, begin: string | undefined, statements: Statement[], commit: boolean }} request
 */
function steps(request) {
  if (request.begin === undefined) assertCurrent(request.tx);
  else {
    connection.db.exec(request.begin);
    openTransaction = request.tx;
  }
  /** @type {unknown[][][]} */
  const answers = [];
  try {
    for (const statement of request.statements) {
      const needed = statement.onlyIfRows === undefined ? undefined : answers[statement.onlyIfRows];
      answers.push(needed !== undefined && needed.length === 0 ? [] : connection.step(statement.sql, statement.args));
    }
  } catch (error) {
    abandon();
    throw error;
  }
  if (request.commit) commit();
  return answers;
}

/** Commits the open transaction. */
function commit() {
  try {
    connection.db.exec("COMMIT");
  } catch (error) {
    // A COMMIT refused (busy, disk full) leaves the transaction open in SQLite: it is rolled
    // back so the writer is free for the next one, and the caller learns why the commit failed
    // (its own error, which busy and disk-full retries read, not the rollback's).
    abandon();
    // An I/O error (a failed fsync of the write-ahead log) does not say the commit did not
    // happen: its frames may be in the log and come back at the next start
    // (server/store/commit-outcome.ts). The caller is told so, and nothing more is written here.
    if (isIoError(error)) {
      outcomeUnknown = true;
      throw Object.assign(/** @type {object} */ (error), { outcomeUnknown: true });
    }
    throw error;
  }
  endTransaction();
}

/** Rolls back a transaction that failed; the caller reports the failure, not the rollback's. */
function abandon() {
  try {
    endTransaction();
  } catch {
    // endTransaction ends the thread when the transaction could not be ended.
  }
}

/** @param {number} tx */
function assertCurrent(tx) {
  if (openTransaction !== tx) throw Object.assign(new Error("The transaction is closed"), { code: "TRANSACTION_CLOSED" });
}

function endTransaction() {
  openTransaction = null;
  if (!(connection.db.open && connection.db.inTransaction)) return;
  try {
    connection.db.exec("ROLLBACK");
  } catch (error) {
    // A ROLLBACK that fails (an I/O error) can leave SQLite inside the transaction: every later
    // BEGIN would be refused and writes outside a transaction would run inside it, with the write
    // lock held against other processes. The thread ends instead, which ends the server (see
    // sqlite-worker-client.ts), and its supervisor starts it again on a clean connection.
    if (connection.db.inTransaction) process.exit(1);
    throw error;
  }
}

/** Runs what waited for the writer, in order, until one of them opens a transaction again. */
function drain() {
  while (openTransaction === null && waiting.length > 0) answer(/** @type {Request} */ (waiting.shift()));
}

/** @param {number} id @param {unknown} result */
function reply(id, result) {
  port.postMessage({ id, ok: true, result });
}

/**
 * The error as the driver reports it (SQLite's code name and numeric result code), which is what
 * Prisma's adapter maps to its own codes (busy, unique violation, …) and server/store/prisma-errors.ts reads.
 * @param {number} id @param {unknown} error
 */
function fail(id, error) {
  const e = /** @type {{ message?: unknown, code?: unknown, rawCode?: unknown, name?: unknown, outcomeUnknown?: unknown }} */ (error ?? {});
  port.postMessage({
    id,
    ok: false,
    error: {
      name: typeof e.name === "string" ? e.name : "Error",
      // As @libsql/client words it ("SQLITE_READONLY: attempt to write a readonly database"): the
      // code name is what an operator searches for when a CLI note quotes the message.
      message: typeof e.message === "string" ? (typeof e.code === "string" && e.code.startsWith("SQLITE_") ? `${e.code}: ${e.message}` : e.message) : String(error),
      code: typeof e.code === "string" ? e.code : undefined,
      rawCode: typeof e.rawCode === "number" ? e.rawCode : undefined,
      outcomeUnknown: e.outcomeUnknown === true ? true : undefined,
    },
  });
}

port.on("message", (/** @type {Request} */ request) => handle(request));
port.postMessage({ id: 0, ok: true, result: "ready" });
