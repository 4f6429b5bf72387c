// The orphan sweep on a real SQLite file: it removes spool files whose job has no key and keeps every live job's file.
import { randomBytes } from "node:crypto";
import { readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import type { AppContext } from "../app-context.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { destroyJob } from "../store/jobs.js";
import { sweepOrphanedSpoolFiles } from "./orphan-sweep.js";
import { useFreshContext } from "../../test/support/fresh-context.js";
import { jobsNamingSpoolFiles } from "../../test/support/jobs-naming-spool-files.js";

const HOUR = 3_600_000;
let context: AppContext;
let spool: SpoolStore;
useFreshContext("orphans", (fresh) => {
  ({ context, spool } = fresh);
});

/** A spool file (its content does not matter to the sweep), an hour old unless `young`. */
async function spoolFile(young = false): Promise<string> {
  const spoolId = randomBytes(16).toString("hex");
  const file = path.join(context.spoolDir, `${spoolId}.pvs`);
  await writeFile(file, "ciphertext");
  if (!young) await utimes(file, new Date(Date.now() - HOUR), new Date(Date.now() - HOUR));
  return spoolId;
}

/** Held jobs naming these spool files, recorded in one transaction. */
async function heldJobs(spoolIds: string[]): Promise<number[]> {
  return jobsNamingSpoolFiles(context, spoolIds);
}

test("the sweep removes files whose job is gone or destroyed and keeps every held job's file, across several pages", async () => {
  // More live files than one page of the sweep (250), so the database is asked several times.
  const live: string[] = [];
  for (let index = 0; index < 1_050; index++) live.push(await spoolFile());
  await heldJobs(live);
  const withoutJob = await spoolFile();
  const destroyed = await spoolFile();
  const [destroyedJob] = await heldJobs([destroyed]);
  // A purge whose unlink failed: the key is gone, the file is still there.
  await context.db.write((tx) => destroyJob(tx, destroyedJob!, ["held"], "purged"));

  const removed = await sweepOrphanedSpoolFiles(context, spool, 15 * 60_000);

  expect(removed).toEqual([`${withoutJob}.pvs`, `${destroyed}.pvs`].sort());
  expect(await spool.listSpoolIds()).toEqual([...live].sort());
});

test("the tick's sweep leaves a young file without a job alone: its job may be about to commit", async () => {
  const young = await spoolFile(true);
  expect(await sweepOrphanedSpoolFiles(context, spool, 15 * 60_000)).toEqual([]);
  // The start-up sweep (no minimum age) removes it.
  expect(await sweepOrphanedSpoolFiles(context, spool)).toEqual([`${young}.pvs`]);
  expect(await readdir(context.spoolDir)).toEqual([]);
});
