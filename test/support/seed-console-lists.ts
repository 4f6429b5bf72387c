// Fills a real database with many people and held jobs, through the store's own functions, for the
// paging tests and bench/console-paging.ts. Jobs are rows only (no spool file, a dummy sealed key):
// the lists read rows, never documents.
import { spawn } from "node:child_process";
import { createJob } from "../../server/store/jobs.js";
import type { Database } from "../../server/store/database.js";
import { createUser } from "../../server/store/users.js";
import { requireTool } from "./tools.js";

const FIRST_NAMES = ["anna", "bertil", "cecilia", "david", "erik", "frida", "gustav", "hanna", "ivar", "johanna"];
const BATCH = 1_000;

/** The i-th seeded person: "bertil00001", "Bertil Nilsson 1" (first names cycle, so each name starts a tenth). */
export function seededPerson(index: number): { username: string; displayName: string } {
  const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
  return { username: `${first}${String(index).padStart(5, "0")}`, displayName: `${first[0]!.toUpperCase()}${first.slice(1)} Nilsson ${index}` };
}

export async function seedPeople(db: Database, count: number): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    await db.write(async (tx) => {
      for (let index = start; index < Math.min(count, start + BATCH); index++) await createUser(tx, { ...seededPerson(index), cards: [] });
    });
  }
}

/** `count` held jobs, owned in turn by the first `owners` seeded people. */
export async function seedHeldJobs(db: Database, count: number, owners: number): Promise<void> {
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);
  const sealed = { wrappedKey: Buffer.alloc(40), sealedTitle: Buffer.alloc(28) };
  for (let start = 0; start < count; start += BATCH) {
    await db.write(async (tx) => {
      for (let index = start; index < Math.min(count, start + BATCH); index++) {
        const job = {
          ownerName: seededPerson(index % owners).username,
          ownerIdentifiedBy: "requesting-user-name",
          sourceAddress: "10.1.4.22",
          state: "held" as const,
          documentFormat: "application/pdf",
          sizeBytes: 20_000 + (index % 97) * 1_000,
          pages: 1 + (index % 12),
          template: { copies: 1 },
          masterKeyId: "seeded",
          spoolId: null,
          pinHash: null,
          expiresAt,
          holdDueHeldMs: 0n,
        };
        await createJob(tx, job, () => sealed);
      }
    });
  }
}

// Bulk seeding for the benchmark: 100,000 rows through the store take minutes, so another program
// (Python's sqlite3, as test/support/sqlite-lock.ts) inserts the same rows straight into the file
// in one transaction. Dates are written as Prisma writes them ("...T...+00:00").
const BULK_SEED = `
import sqlite3, sys, datetime
path, people, jobs, owners = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
names = ${JSON.stringify(FIRST_NAMES)}
def person(i):
    first = names[i % len(names)]
    return "%s%05d" % (first, i), "%s Nilsson %d" % (first.capitalize(), i)
def stamp(at):
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+00:00" % (at.microsecond // 1000)
now = datetime.datetime.now(datetime.timezone.utc)
created, expires = stamp(now), stamp(now + datetime.timedelta(days=7))
db = sqlite3.connect(path, timeout=30)
with db:
    db.executemany('INSERT INTO "User" ("username", "displayName", "createdAt") VALUES (?, ?, ?)', (person(i) + (created,) for i in range(people)))
    db.executemany(
        'INSERT INTO "Job" ("ownerName", "ownerIdentifiedBy", "sourceAddress", "state", "documentFormat", "sizeBytes", "pages", "template", "masterKeyId", "submittedAt", "expiresAt", "holdDueHeldMs") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ((person(i % owners)[0], "requesting-user-name", "10.1.4.22", "held", "application/pdf", 20000 + (i % 97) * 1000, 1 + i % 12, '{"copies":1}', "seeded", created, expires, 0) for i in range(jobs)))
print("seeded", flush=True)
`;

/** Seeds `people` people and `jobs` held jobs (owned in turn by the first `owners`) straight into the SQLite file. */
export async function bulkSeed(databaseUrl: string, counts: { people: number; jobs: number; owners: number }): Promise<void> {
  const file = databaseUrl.replace(/^file:/, "").split("?")[0]!;
  const child = spawn(requireTool("python3"), ["-c", BULK_SEED, file, String(counts.people), String(counts.jobs), String(counts.owners)], { stdio: ["ignore", "inherit", "inherit"] });
  await new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`bulk seeding exited ${code}`)))));
}
