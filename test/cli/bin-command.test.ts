// `printvakt` is run as a command (the shebang), not as `node bin/printvakt.js`: the V8 flags in the
// shebang must reach node, or the memory figures of issue 13 do not hold for operators.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { printvaktBin } from "../support/printvakt-cli.js";
import { shebangEnv, shebangNodeFlags } from "../support/printvakt-server.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

test("the shebang names a smaller young generation for node, and fewer malloc arenas", () => {
  expect(shebangNodeFlags).toContain("--max-semi-space-size=2");
  // The database's two worker threads would otherwise each get glibc arenas of their own: ~10 MiB idle.
  expect(shebangEnv).toEqual({ MALLOC_ARENA_MAX: "2" });
});

test("printvakt serve started as a command runs node with the shebang's flags", async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "printvakt-bin-"));
  const child = spawn(printvaktBin, ["serve"], {
    env: { ...process.env, PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  cleanups.push(async () => {
    child.kill("SIGTERM");
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"printvakt listening"')) resolve();
    });
    child.once("exit", (code) => reject(new Error(`printvakt serve exited with ${code}: ${output}`)));
  });
  const commandLine = (await readFile(`/proc/${child.pid}/cmdline`, "utf8")).split("\0");
  expect(path.basename(commandLine[0]!)).toBe("node");
  expect(commandLine).toEqual(expect.arrayContaining([...shebangNodeFlags, printvaktBin, "serve"]));
  const environment = (await readFile(`/proc/${child.pid}/environ`, "utf8")).split("\0");
  expect(environment).toContain("MALLOC_ARENA_MAX=2");
});
