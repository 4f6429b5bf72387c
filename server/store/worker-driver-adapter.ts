// Prisma's driver adapter for a SQLite file whose connections live on worker threads
// (server/store/sqlite-thread.js). Prisma's own libsql adapter does the type conversions; it is
// given a client that forwards to the threads instead of one that runs SQLite on this thread.
import { PrismaLibSql } from "@prisma/adapter-libsql";
import type { Config, Client } from "@libsql/client";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { DatabaseThreads } from "./sqlite-worker-client.js";

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
 * Two of Prisma's libsql adapters over the threads: one runs transactions, one everything
 * else. The libsql adapter locks itself for the whole of a transaction, awaits in between included;
 * with one adapter every read waited for every transaction to end (a badge waited for a job being
 * recorded). The threads keep the two apart: plain reads on the reads thread, the rest in order on
 * the writes thread.
 */
export function workerDriverAdapter(threads: DatabaseThreads): SqlDriverAdapterFactory {
  return {
    provider: "sqlite",
    adapterName: "@prisma/adapter-libsql",
    async connect(): Promise<SqlDriverAdapter> {
      const statements = await new WorkerLibSql(threads).connect();
      const transactions = await new WorkerLibSql(threads).connect();
      return {
        provider: statements.provider,
        adapterName: statements.adapterName,
        queryRaw: (query) => statements.queryRaw(query),
        executeRaw: (query) => statements.executeRaw(query),
        executeScript: (script) => transactions.executeScript(script),
        startTransaction: (isolationLevel) => transactions.startTransaction(isolationLevel),
        dispose: () => threads.close(),
      };
    },
  };
}
