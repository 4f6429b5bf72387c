// The one-statement readers a submission uses must answer exactly as the readers they stand in for.
import { describe, expect, test } from "vitest";
import { appendAudit, appendAuditAfter, lastAuditEntry } from "./audit-log.js";
import type { Database } from "./database.js";
import { useMigratedDatabase } from "../../test/support/migrated-database.js";
import { setDisabled } from "./directory-people.js";
import { createJob, createJobAs, findJob, findRepeatedJob, type NewJob } from "./jobs.js";
import { liveUsage } from "./live-usage.js";
import { recordingFacts, submitterFacts, type RepeatMatch } from "./submission-facts.js";
import { countPeople } from "./unknown-owners.js";
import { createUser, findUserByName } from "./users.js";

let db: Database;
const HOUR = 3_600_000;
const now = Date.now();

function job(owner: string, fields: Partial<NewJob>): NewJob {
  return {
    ownerName: owner, ownerIdentifiedBy: "requesting-user-name", sourceAddress: "127.0.0.1", state: "held", documentFormat: "application/pdf",
    sizeBytes: 1000, template: {}, masterKeyId: "00", spoolId: null, pinHash: null, expiresAt: new Date(now + HOUR), holdDueHeldMs: 0n, ...fields,
  };
}
const seal = () => ({ wrappedKey: Buffer.alloc(8), sealedTitle: Buffer.alloc(8) });

useMigratedDatabase("facts", async ({ handles: [opened] }) => {
  db = opened!;
  await db.write(async (tx) => {
    const disabled = await createUser(tx, { username: "dora", displayName: "Dora", cards: [] });
    await createUser(tx, { username: "anna", displayName: "Anna", cards: [] });
    await setDisabled(tx, disabled.id, "disabled", new Date(now - HOUR));
    // Anna: a job resent with its uuid long ago but still held, one whose document is recent, one old and printed.
    await createJob(tx, job("anna", { jobUuid: "urn:uuid:old-but-held", submittedAt: new Date(now - 5 * HOUR), sizeBytes: 300 }), seal);
    await createJob(tx, job("anna", { documentDigest: "recent", submittedAt: new Date(now - 1000), sizeBytes: 200 }), seal);
    await createJob(tx, job("anna", { documentDigest: "stale", jobUuid: "urn:uuid:stale", state: "incoming", submittedAt: new Date(now - 5 * HOUR) }), seal);
    await createJob(tx, job("bert", { sizeBytes: 7000 }), seal);
    await appendAudit(tx, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "k" } });
  });
  // The stale one is printed: neither live nor recent.
  await db.prisma.job.updateMany({ where: { documentDigest: "stale" }, data: { state: "printed" } });
});

describe("submitterFacts", () => {
  for (const owner of ["anna", "dora", "nobody", "bert"]) {
    test(`${owner}: the people count, the person and the usage the separate readers give`, async () => {
      const facts = await submitterFacts(db, owner);
      const person = await findUserByName(db, owner);
      expect(facts).toEqual({ people: await countPeople(db), person: person === null ? null : { disabledAt: person.disabledAt }, usage: await liveUsage(db, owner) });
    });
  }
});

describe("recordingFacts", () => {
  const since = new Date(now - 60_000);
  const matches: [string, RepeatMatch][] = [
    ["a uuid of a live job sent long ago", { jobUuid: "urn:uuid:old-but-held", documentDigest: null, since }],
    ["a document sent within the window", { jobUuid: null, documentDigest: "recent", since }],
    ["a uuid and a document of a job neither live nor recent", { jobUuid: "urn:uuid:stale", documentDigest: "stale", since }],
    ["a document of a job that is recent only under a wider window", { jobUuid: null, documentDigest: "stale", since: new Date(now - 6 * HOUR) }],
    ["nothing to match by", { jobUuid: null, documentDigest: null, since }],
  ];
  for (const [name, match] of matches) {
    test(`${name}: the repeat, usage and chain end the separate readers give`, async () => {
      await db.write(async (tx) => {
        const facts = await recordingFacts(tx, "anna", match);
        expect(facts.repeatedJobId).toBe((await findRepeatedJob(tx, "anna", match))?.id ?? null);
        expect(facts.usage).toEqual(await liveUsage(tx, "anna"));
        expect(facts.lastAudit).toEqual(await lastAuditEntry(tx));
      });
    });
  }

  test("the live, the recent and the widened match find a job, the stale and the empty one none (the dates are compared, not ignored)", async () => {
    await db.write(async (tx) => {
      const found = await Promise.all(matches.map(async ([, match]) => (await recordingFacts(tx, "anna", match)).repeatedJobId));
      expect(found.map((id) => id !== null)).toEqual([true, true, false, true, false]);
    });
  });

  test("an entry appended after the chain end the facts read links to it", async () => {
    const entry = await db.write(async (tx) => appendAuditAfter(tx, (await recordingFacts(tx, "anna", matches[4]![1])).lastAudit, { type: "audit.checkpoint", actor: "system", subject: null, details: { keyId: "k2" } }));
    const rows = await db.prisma.auditEntry.findMany({ orderBy: { seq: "asc" } });
    expect(rows.at(-1)).toMatchObject({ seq: entry.seq, prevHash: rows.at(-2)!.hash, hash: entry.hash });
  });

  test("nextJobId is the id the database would give, also after the highest job's row is gone, and a taken id is refused", async () => {
    const viaInsert = await db.write(async (tx) => {
      const { nextJobId } = await recordingFacts(tx, "anna", matches[4]![1]);
      return { nextJobId, created: (await createJob(tx, job("carl", {}), seal)).id };
    });
    expect(viaInsert.nextJobId).toBe(viaInsert.created);
    // AUTOINCREMENT never hands out an id again, even one whose row was deleted.
    await db.prisma.job.delete({ where: { id: viaInsert.created } });
    const sealedWith: number[] = [];
    const made = await db.write(async (tx) => {
      const { nextJobId } = await recordingFacts(tx, "anna", matches[4]![1]);
      return createJobAs(tx, nextJobId, job("carl", { sizeBytes: 42 }), (id) => (sealedWith.push(id), seal()));
    });
    expect(made.id).toBe(viaInsert.created + 1);
    expect(sealedWith).toEqual([made.id]);
    expect(await findJob(db, made.id)).toMatchObject({ ownerName: "carl", sizeBytes: 42, wrappedKey: seal().wrappedKey });
    await expect(db.write((tx) => createJobAs(tx, made.id, job("carl", {}), seal))).rejects.toThrow();
    expect(await db.write(async (tx) => (await recordingFacts(tx, "carl", matches[4]![1])).nextJobId)).toBe(made.id + 1);
  });
});
