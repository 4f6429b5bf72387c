// Fills a real database with many people and held jobs, through the store's own functions, for the
// paging tests and bench/console-paging.ts. Jobs are rows only (no spool file, a dummy sealed key):
// the lists read rows, never documents.
import { createJob } from "../../server/store/jobs.js";
import type { Database } from "../../server/store/database.js";
import { createUser } from "../../server/store/users.js";

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
