// Prisma's driver adapter for a SQLite file whose connections live on a worker thread
// (server/store/sqlite-thread.js). Prisma's own libsql adapter does the type conversions; it is
// given a client that forwards to the worker instead of one that runs SQLite on this thread.
import { PrismaLibSql } from "@prisma/adapter-libsql";
import type { Config, Client } from "@libsql/client";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqliteWorker } from "./sqlite-worker-client.js";

class WorkerLibSql extends PrismaLibSql {
  readonly #worker: SqliteWorker;
  constructor(worker: SqliteWorker) {
    super({ url: "file:worker" });
    this.#worker = worker;
  }
  override createClient(_config: Config): Client {
    return this.#worker.client();
  }
}

/**
 * Two of Prisma's libsql adapters over the one worker: one runs transactions, one everything
 * else. The libsql adapter locks itself for the whole of a transaction, awaits in between included;
 * with one adapter every read waited for every transaction to end (a badge waited for a job being
 * recorded). The worker keeps the two apart: reads on its reader connection, the rest in order on
 * its writer.
 */
export function workerDriverAdapter(worker: SqliteWorker): SqlDriverAdapterFactory {
  return {
    provider: "sqlite",
    adapterName: "@prisma/adapter-libsql",
    async connect(): Promise<SqlDriverAdapter> {
      const statements = await new WorkerLibSql(worker).connect();
      const transactions = await new WorkerLibSql(worker).connect();
      return {
        provider: statements.provider,
        adapterName: statements.adapterName,
        queryRaw: (query) => statements.queryRaw(query),
        executeRaw: (query) => statements.executeRaw(query),
        executeScript: (script) => transactions.executeScript(script),
        startTransaction: (isolationLevel) => transactions.startTransaction(isolationLevel),
        dispose: () => worker.close(),
      };
    },
  };
}
