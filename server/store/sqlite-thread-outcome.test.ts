// After a COMMIT whose outcome is unknown (its WAL fsync failed), the writes thread writes nothing
// more (review F4): not even what was already waiting for the writer when that COMMIT ran, such as
// the write-ahead log checkpoint. Driven in a child process, under a disk whose first WAL fsync fails.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { buildFailingWalSync } from "../../test/support/failing-wal-sync.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const driver = path.join(here, "..", "..", "test", "support", "queued-write-after-unknown-commit.mjs");
const thread = path.join(here, "sqlite-thread.js");

test("a write waiting for the writer when a COMMIT's outcome became unknown is refused, and is not on disk", async () => {
  const directory = await mkdtemp(path.join(tmpdir(), "printvakt-outcome-unknown-"));
  // Transient: the disk works again after the failed fsync, so a write let through would commit.
  const failing = await buildFailingWalSync(path.join(directory, "fail-now"), { once: true });
  const { stdout } = await promisify(execFile)(process.execPath, [driver, thread, path.join(directory, "t.db")], { env: { ...process.env, ...failing.env } }).finally(async () => {
    await failing.remove();
    await rm(directory, { recursive: true, force: true });
  });
  const seen = JSON.parse(stdout) as Record<string, unknown>;
  expect(seen).toMatchObject({ commit: { ok: false, outcomeUnknown: true } });
  const refused = { ok: false, code: "COMMIT_OUTCOME_UNKNOWN", outcomeUnknown: true };
  expect(seen).toMatchObject({ waiting: refused, later: refused });
  expect(seen["rows"], "the failed commit's row may be there (its outcome is unknown); no later write is").not.toContain("waiting write");
  expect(seen["rows"]).not.toContain("later write");
});
