// Prisma's driver adapter for a SQLite file whose connections live on worker threads
// (server/store/sqlite-thread.js). Prisma's own libsql adapter does the type conversions; it is
// given a client that forwards to the threads instead of one that runs SQLite on this thread.
import { PrismaLibSql } from "@prisma/adapter-libsql";
import type { Config, Client } from "@libsql/client";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { isPlainRead, type DatabaseThreads } from "./sqlite-worker-client.js";

class WorkerLibSql extends PrismaLibSql {
  readonly #threads: DatabaseThreads;
  constructor(threads: DatabaseThreads) {
    super({ url: "file:worker" });
    this.#threads = threads;
  }
  override createClient(_config: Config): Client {
    return this.#threads.client();
  }
}

/**
 * Three of Prisma's libsql adapters over the threads: one runs transactions, one plain reads, one
 * every other statement outside a transaction. The libsql adapter locks itself for the whole of each
 * statement, and of a transaction, awaits in between included; with one adapter every read waited
 * for every transaction to end (a badge waited for a job being recorded). And a statement for the
 * writes thread (a write-ahead log checkpoint, a PRAGMA) waits there for the open transaction to
 * end: sharing the reads' lock, it held every read that long. The threads keep them apart: plain
 * reads on the reads thread, the rest in order on the writes thread.
 */
export function workerDriverAdapter(threads: DatabaseThreads): SqlDriverAdapterFactory {
  return {
    provider: "sqlite",
    adapterName: "@prisma/adapter-libsql",
    async connect(): Promise<SqlDriverAdapter> {
      const reads = await new WorkerLibSql(threads).connect();
      const writes = await new WorkerLibSql(threads).connect();
      const transactions = await new WorkerLibSql(threads).connect();
      // The same test as the threads' (sqlite-worker-client.ts): what goes to the reads thread has a lock of its own.
      const adapterFor = (sql: string) => (isPlainRead(sql) ? reads : writes);
      return {
        provider: reads.provider,
        adapterName: reads.adapterName,
        queryRaw: (query) => adapterFor(query.sql).queryRaw(query),
        executeRaw: (query) => adapterFor(query.sql).executeRaw(query),
        executeScript: (script) => transactions.executeScript(script),
        startTransaction: (isolationLevel) => transactions.startTransaction(isolationLevel),
        dispose: () => threads.close(),
      };
    },
  };
}
