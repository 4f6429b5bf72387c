// The real server (startServer: IPP endpoint, Express, spool, database) inside the fuzz process, on an
// ephemeral loopback port, with its operational log captured so the campaign can assert that nothing
// was logged as an error. Same request path as `printvakt serve`, without a process per run.
//
// The data directory goes on tmpfs (/dev/shm) where there is one: a refusal that opens a window
// commits an audit entry, and SQLite's fsync of that commit runs on the event loop's thread, so on a
// disk shared with other work the hang bound would measure the disk's queue instead of the request. The code path is
// the same; what fsync costs on a real disk is bench/ingest.ts's business.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { openAppContext, type AppContext } from "../../server/app-context.js";
import { loadConfig } from "../../server/config.js";
import { startServer } from "../../server/main.js";

export interface FuzzedServer {
  port: number;
  context: AppContext;
  /** Parsed JSON log lines written so far. */
  logs: Record<string, unknown>[];
  /** Stops serving (writing the counts of coalesced refusals) and keeps the database open for checks. */
  stopServing(): Promise<void>;
  stop(): Promise<void>;
}

/** `env` is read like the process environment (PRINTVAKT_* names); process.env is not consulted. */
export async function startFuzzedServer(env: Record<string, string> = {}): Promise<FuzzedServer> {
  const dataDir = await mkdtemp(path.join(existsSync("/dev/shm") ? "/dev/shm" : tmpdir(), "printvakt-fuzz-"));
  const config = loadConfig({ PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", ...env, PRINTVAKT_DATA_DIR: dataDir });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) if (line !== "") logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const context = await openAppContext(config);
  const server = await startServer(context, pino({ level: "info", base: { service: "printvakt" } }, sink));
  let serving = true;
  const stopServing = async (): Promise<void> => {
    if (serving) await server.close();
    serving = false;
  };
  return {
    port: server.port,
    context,
    logs,
    stopServing,
    async stop() {
      await stopServing();
      await context.close();
      if (process.env.PRINTVAKT_KEEP_TEST_DIRS === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
