// Architecture: only the store's job module writes a job row, so every state change passes through
// its moveJob/destroyJob and therefore through the state table. Any other file that writes the Job
// table (Prisma or raw SQL) fails this test.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHIPPED = ["server", "drivers", "core", "kiosk"];
const JOB_MODULE = "server/store/jobs.ts";

/** A Prisma write on the job model, or an SQL statement that changes the Job table. */
const JOB_WRITE = [/\.job\s*\.\s*(update|updateMany|upsert|create|createMany|delete|deleteMany)\s*\(/, /\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+["'`]?Job["'`]?\b/i];

function writesJobTable(source: string): boolean {
  return JOB_WRITE.some((pattern) => pattern.test(source));
}

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, directory), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = path.posix.join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== "generated" && entry.name !== "node_modules") files.push(...(await sourceFiles(relative)));
    else if (/\.(ts|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(relative);
  }
  return files;
}

test("the detector recognises job writes and leaves reads alone", () => {
  expect(writesJobTable("await tx.job.updateMany({ where: { id }, data: { state: to } })")).toBe(true);
  expect(writesJobTable('await tx.$executeRawUnsafe(`UPDATE "Job" SET state = ?`)')).toBe(true);
  expect(writesJobTable("await db.job.findMany({ where: { state: { in: states } } })")).toBe(false);
  expect(writesJobTable("await tx.printer.update({ where: { id }, data: { state } })")).toBe(false);
});

test("no shipped file other than the store's job module writes a job's row", async () => {
  const files = (await Promise.all(SHIPPED.map(sourceFiles))).flat();
  expect(files).toContain(JOB_MODULE);
  const writers: string[] = [];
  for (const file of files) if (writesJobTable(await readFile(path.join(ROOT, file), "utf8"))) writers.push(file);
  expect(writers).toEqual([JOB_MODULE]);
});
