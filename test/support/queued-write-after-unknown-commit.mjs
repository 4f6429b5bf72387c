// Run under test/support/failing-wal-sync.c (LD_PRELOAD, FAILING_WAL_ONCE): drives the writes thread
// (server/store/sqlite-thread.js) directly. A transaction is open; a write outside it is sent and
// waits for the writer; the transaction's COMMIT then fails its WAL fsync (outcome unknown). Prints
// as JSON what the commit, the waiting write and a later write were answered, and the rows on disk.
// Arguments: the thread's path, a fresh database file.
import { writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import Database from "libsql";

const [threadPath, path] = process.argv.slice(2);
const setup = new Database(path);
setup.exec("PRAGMA journal_mode=WAL; CREATE TABLE t (v TEXT)");
setup.close();

const thread = new Worker(threadPath, { workerData: { path, busyTimeoutMs: 20 } });
const replies = new Map();
thread.on("message", (message) => replies.get(message.id)?.(message));
const send = (request) => new Promise((resolve) => {
  replies.set(request.id, resolve);
  thread.postMessage(request);
});
const outcome = ({ ok, error }) => ({ ok, code: error?.code, outcomeUnknown: error?.outcomeUnknown === true });

await new Promise((resolve) => replies.set(0, resolve));
await send({ id: 1, op: "steps", tx: 7, begin: "BEGIN IMMEDIATE", statements: [{ sql: "INSERT INTO t VALUES ('the failed commit')", args: [] }], commit: false });
// Outside the transaction, sent while it is open: it waits for the writer (as the WAL checkpoint does).
const waiting = send({ id: 2, op: "exec", tx: null, sql: "INSERT INTO t VALUES ('waiting write')", args: [] });
writeFileSync(process.env.FAILING_WAL_FLAG, "");
const commit = await send({ id: 3, op: "steps", tx: 7, begin: undefined, statements: [], commit: true });
const waited = await waiting;
const later = await send({ id: 4, op: "exec", tx: null, sql: "INSERT INTO t VALUES ('later write')", args: [] });
await thread.terminate();
const check = new Database(path);
const rows = check.prepare("SELECT v FROM t").all().map((row) => row.v);
check.close();
console.log(JSON.stringify({ commit: outcome(commit), waiting: outcome(waited), later: outcome(later), rows }));
