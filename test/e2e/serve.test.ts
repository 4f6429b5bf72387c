// `printvakt serve`: creates its data directory, answers /healthz, and exits cleanly on a signal.
import { access, stat } from "node:fs/promises";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { projectRoot, runPrintvakt } from "../support/printvakt-cli.js";
import { startPrintvaktServer } from "../support/printvakt-server.js";

describe("printvakt serve", () => {
  test("creates the data directory, answers /healthz and exits 0 on SIGTERM", async () => {
    const dataDir = path.join(await mkdtemp(path.join(tmpdir(), "printvakt-serve-")), "data");
    const server = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: dataDir });
    try {
      const response = await fetch(`${server.baseUrl}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      await access(path.join(dataDir, "printvakt.db"));
      expect((await stat(path.join(dataDir, "master.key"))).mode & 0o777).toBe(0o600);
    } finally {
      const outcome = await server.stop("SIGTERM");
      expect(outcome).toEqual({ code: 0, signal: null });
    }
    expect(server.logs.some((entry) => entry.msg === "stopped")).toBe(true);
  });

  test("SIGINT also stops it cleanly, and a restart on the same data needs no migration", async () => {
    const first = await startPrintvaktServer();
    expect(first.logs.some((entry) => entry.msg === "database migrated")).toBe(true);
    expect(await first.stop("SIGINT")).toEqual({ code: 0, signal: null });
    const second = await startPrintvaktServer({ PRINTVAKT_DATA_DIR: first.dataDir });
    try {
      expect(second.logs.some((entry) => entry.msg === "database migrated")).toBe(false);
      expect((await fetch(`${second.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      expect(await second.stop()).toEqual({ code: 0, signal: null });
    }
  });

  test("a database thread that cannot open the database stops startup with one line naming the file, and exit code 1", async () => {
    const top = await mkdtemp(path.join(tmpdir(), "pv-"));
    const directory = path.join(top, "not-a-database");
    await mkdir(directory);
    const preload = pathToFileURL(path.join(projectRoot, "test", "support", "unopenable-database-worker.mjs")).href;
    const result = await runPrintvakt(["serve"], { env: { PRINTVAKT_DATA_DIR: path.join(top, "data"), PRINTVAKT_PORT: "0", NODE_OPTIONS: `--import=${preload}`, UNOPENABLE_DATABASE: directory } });
    const lines = result.stderr.split("\n");
    expect(lines, "one line, then the end").toHaveLength(2);
    expect(lines[0]).toMatch(/^printvakt: cannot open the database \S+: \S/);
    expect(lines[0]).toContain(path.join(top, "data", "printvakt.db"));
    expect(result.code).toBe(1);
  });

  test("a bad setting stops startup with a message naming the variable", async () => {
    const result = await runPrintvakt(["serve"], { env: { PRINTVAKT_HOLD_TIME: "forever", PRINTVAKT_DATA_DIR: await mkdtemp(path.join(tmpdir(), "pv-")) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('printvakt: PRINTVAKT_HOLD_TIME="forever" is not valid: expected a duration such as "90s", "15m", "4h" or "1d"\n');
  });
});
