// Specification: a new install only where no earlier one left anything; a lost database beside
// an earlier install's spool, keys or witness is refused before anything is created.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { loadConfig } from "../config.js";
import { assertDatabaseOrNewInstall, previousInstallTraces } from "./previous-install.js";

let top: string;
let dataDir: string;
beforeEach(async () => {
  top = await mkdtemp(path.join(tmpdir(), "printvakt-previous-install-"));
  dataDir = path.join(top, "data");
});
afterEach(async () => {
  await rm(top, { recursive: true, force: true });
});

const configWith = (extra: Record<string, string> = {}) => loadConfig({ PRINTVAKT_DATA_DIR: dataDir, ...extra });

async function refusal(config = configWith()): Promise<string> {
  const error = await assertDatabaseOrNewInstall(config).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(PrintvaktError);
  return (error as PrintvaktError).userMessage;
}

describe("a start without a database", () => {
  test("is a new install in a missing or empty data directory, and creates nothing", async () => {
    expect(await assertDatabaseOrNewInstall(configWith())).toBe("new");
    await mkdir(path.join(dataDir, "spool"), { recursive: true });
    expect(await assertDatabaseOrNewInstall(configWith())).toBe("new");
    expect(await readdir(dataDir)).toEqual(["spool"]);
  });

  test("is refused beside spool files, naming the database, the traces and what to do", async () => {
    await mkdir(path.join(dataDir, "spool"), { recursive: true });
    await writeFile(path.join(dataDir, "spool", "a.job"), "x");
    await writeFile(path.join(dataDir, "spool", "b.job"), "x");
    const message = await refusal();
    expect(message).toMatch(/^refusing to start: the database .*printvakt\.db is missing or empty, but .*spool \(2 spool files\) show an earlier install/);
    expect(message).toContain("Restore the database from a backup");
  });

  test.each([
    ["master.key", "master key"],
    ["audit-signing.key", "audit signing key"],
    ["printvakt.db-wal", "database write-ahead log"],
    ["disk-reserve", "disk reserve"],
  ])("is refused beside %s", async (file, what) => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, file), "x");
    expect(await refusal()).toContain(`${path.join(dataDir, file)} (${what})`);
  });

  test("is refused when a key file kept outside the data directory exists (a wrong mount of the data directory)", async () => {
    const keyFile = path.join(top, "keys", "master.key");
    await mkdir(path.dirname(keyFile));
    await writeFile(keyFile, "x");
    expect(await refusal(configWith({ PRINTVAKT_MASTER_KEY_FILE: keyFile }))).toContain(`${keyFile} (master key)`);
  });

  test("is refused beside a witness file with checkpoints, not beside an empty one made ready for it", async () => {
    const witness = path.join(top, "witness.jsonl");
    await writeFile(witness, "");
    expect(await assertDatabaseOrNewInstall(configWith({ PRINTVAKT_AUDIT_WITNESS: witness }))).toBe("new");
    await writeFile(witness, '{"type":"audit.checkpoint"}\n');
    expect(await refusal(configWith({ PRINTVAKT_AUDIT_WITNESS: witness }))).toContain(`${witness} (audit witness file)`);
  });

  test("an empty database file counts as missing", async () => {
    await mkdir(path.join(dataDir, "spool"), { recursive: true });
    await writeFile(path.join(dataDir, "printvakt.db"), "");
    await writeFile(path.join(dataDir, "master.key"), "x");
    expect(await refusal()).toContain("is missing or empty");
  });
});

describe("a start with a database", () => {
  test("is an existing install, whatever lies beside it", async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, "printvakt.db"), "SQLite format 3\0");
    await writeFile(path.join(dataDir, "master.key"), "x");
    expect(await assertDatabaseOrNewInstall(configWith())).toBe("existing");
    expect(await previousInstallTraces(configWith())).toEqual([`${path.join(dataDir, "master.key")} (master key)`]);
  });

  test("on PostgreSQL is never judged by files", async () => {
    await mkdir(path.join(dataDir, "spool"), { recursive: true });
    await writeFile(path.join(dataDir, "spool", "a.job"), "x");
    expect(await assertDatabaseOrNewInstall(configWith({ DATABASE_URL: "postgresql://printvakt@db/printvakt" }))).toBe("existing");
  });
});
