// Starts `printvakt serve` as a child process on a free port and stops it with a signal.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { printvaktBin } from "./printvakt-cli.js";
import { requireTool } from "./tools.js";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  dataDir: string;
  /** JSON log lines written so far. */
  logs: Record<string, unknown>[];
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** How `printvakt serve` is run beyond its environment. */
export interface ServeOptions {
  /** Extra arguments after `serve` (e.g. --accept-unreadable-jobs). */
  args?: string[];
  /** Run as this unprivileged account through setpriv: root ignores file modes, so "unwritable" needs one. */
  runAs?: { uid: number; gid: number };
  /** Options for node itself (a benchmark's --cpu-prof), before the program. */
  nodeArgs?: string[];
}

/**
 * The V8 flags the bin's shebang gives node (`#!/usr/bin/env -S node <flags>`), so that tests and
 * benchmarks, which start node themselves, run the server as an operator's `printvakt serve` does.
 */
const shebang = (() => {
  const line = readFileSync(printvaktBin, "utf8").split("\n", 1)[0]!;
  const match = /^#!\/usr\/bin\/env -S((?: [A-Z_]+=\S+)*) node((?: --[\w-]+(?:=\S+)?)*)$/.exec(line);
  if (!match) throw new Error(`bin/printvakt.js: unexpected shebang "${line}"`);
  const words = (text: string) => text.trim().split(" ").filter(Boolean);
  return { env: Object.fromEntries(words(match[1]!).map((word) => word.split("=", 2) as [string, string])), flags: words(match[2]!) };
})();

/** The node flags of the shebang. */
export const shebangNodeFlags: string[] = shebang.flags;
/** The environment the shebang sets for node (MALLOC_ARENA_MAX: glibc's malloc arenas, fewer threads' worth of idle memory). */
export const shebangEnv: Record<string, string> = shebang.env;

/** The command line that runs `printvakt serve` as asked. */
export function serveCommand(options: ServeOptions = {}): [string, string[]] {
  const serve = [...shebangNodeFlags, ...(options.nodeArgs ?? []), printvaktBin, "serve", ...(options.args ?? [])];
  if (options.runAs === undefined) return [process.execPath, serve];
  const { uid, gid } = options.runAs;
  return [requireTool("setpriv"), ["--reuid", String(uid), "--regid", String(gid), "--clear-groups", process.execPath, ...serve]];
}

export async function startPrintvaktServer(env: Record<string, string> = {}, options: ServeOptions = {}): Promise<ServerProcess> {
  const dataDir = env.PRINTVAKT_DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), "printvakt-server-")));
  const [command, args] = serveCommand(options);
  const child = spawn(command, args, {
    env: { ...process.env, ...shebangEnv, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_LOG_LEVEL: "info", ...env, PRINTVAKT_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    let pending = "";
    const timer = setTimeout(() => reject(new Error(`printvakt serve did not start within 20 s: ${stderr}`)), 20_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === "printvakt listening") {
            clearTimeout(timer);
            resolve(entry.port as number);
          }
        } catch {
          logs.push({ unparsed: line });
        }
      }
    });
    void exited.then((outcome) => {
      clearTimeout(timer);
      reject(new Error(`printvakt serve exited early (${JSON.stringify(outcome)}): ${stderr}`));
    });
  });
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    logs,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
