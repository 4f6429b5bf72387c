// `printvakt serve` on a fresh data directory in `scratch` with one printer, "Sink", a folder that
// any released document would land in: added by the CLI first, as an administrator would.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { runPrintvakt } from "./printvakt-cli.js";
import { startPrintvaktServer, type ServerProcess } from "./printvakt-server.js";

export interface ServerWithSink {
  server: ServerProcess;
  /** host:port of the server, as lp's -h takes it. */
  host: string;
  /** Where the Sink printer writes what it is sent. */
  sinkDir: string;
}

export async function startServerWithSink(scratch: string): Promise<ServerWithSink> {
  const sinkDir = join(scratch, "printed");
  await mkdir(sinkDir);
  const env = { PRINTVAKT_DATA_DIR: join(scratch, "data"), PRINTVAKT_ALLOW_FILE_PRINTERS: "true" };
  const added = await runPrintvakt(["printer", "add", "Sink", "--uri", `file://${sinkDir}`], { env });
  expect(added.code, added.stderr).toBe(0);
  const server = await startPrintvaktServer(env);
  return { server, host: `127.0.0.1:${server.port}`, sinkDir };
}
