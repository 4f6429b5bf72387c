// A node --import preload for tests: the database's worker threads (server/store/sqlite-worker-client.ts)
// are handed the path in UNOPENABLE_DATABASE (a directory) instead of the database file, so each
// fails to open its connection as it starts, while everything before them (the start's checks and
// migrations, on the main thread) opened the real file.
import { syncBuiltinESMExports } from "node:module";
import workerThreads from "node:worker_threads";

const Original = workerThreads.Worker;
workerThreads.Worker = class extends Original {
  constructor(file, options) {
    const path = process.env.UNOPENABLE_DATABASE;
    const database = path !== undefined && typeof options?.name === "string" && options.name.startsWith("database ");
    super(file, database ? { ...options, workerData: { ...options.workerData, path } } : options);
  }
};
syncBuiltinESMExports();
