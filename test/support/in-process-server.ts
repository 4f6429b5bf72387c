// Starts the Printvakt server inside the test process, on a free loopback port with its own data dir.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openAppContext, type AppContext } from "../../server/app-context.js";
import { loadConfig } from "../../server/config.js";
import { createLogger } from "../../server/logger.js";
import { startServer, type ServerOptions } from "../../server/main.js";

export interface InProcessServer {
  port: number;
  baseUrl: string;
  dataDir: string;
  context: AppContext;
  /** Asks every printer for its state now, as the server does every minute. */
  refreshPrinters(): Promise<void>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function startInProcessServer(env: Record<string, string> = {}, options: ServerOptions = {}): Promise<InProcessServer> {
  const dataDir = env.PRINTVAKT_DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), "printvakt-test-")));
  const config = loadConfig({ PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", ...env, PRINTVAKT_DATA_DIR: dataDir });
  const context = await openAppContext(config);
  const server = await startServer(context, createLogger(env.PRINTVAKT_LOG_LEVEL ?? "silent"), options);
  return {
    port: server.port,
    baseUrl: `http://127.0.0.1:${server.port}`,
    dataDir,
    context,
    refreshPrinters: () => server.refreshPrinters(),
    async stop(options = {}) {
      await server.close();
      await context.close();
      if (!options.keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
