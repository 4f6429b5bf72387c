// Specification of signed evidence: what binds the rows, and what a verifier refuses.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { nextEntry } from "./chain.js";
import { keyIdOf, signCheckpoint } from "./checkpoint.js";
import type { AuditEntry, AuditEvent } from "./entry.js";
import { inSelection, signEvidence, verifyEvidence, type EvidenceFile } from "./evidence.js";

function makeKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** A small log: job 7 of anna submitted, someone else's job, anna's job released. */
function log(): AuditEntry[] {
  const at = new Date(Date.UTC(2026, 11, 6, 14, 2));
  const events: Omit<AuditEvent, "at">[] = [
    { type: "job.submitted", actor: "user:anna", subject: "job:7", details: { peer: "10.1.4.22" } },
    { type: "job.submitted", actor: "user:bo", subject: "job:8", details: { peer: "10.1.4.23" } },
    { type: "job.released", actor: "user:anna", subject: "job:7", details: { printer: "Plan 3", kiosk: "Plan 3 kiosk" } },
  ];
  const entries: AuditEntry[] = [];
  for (const event of events) entries.push(nextEntry(entries.at(-1) ?? null, { ...event, at }));
  return entries;
}

const key = makeKey();
const entries = log();
const checkpoint = signCheckpoint(key, entries.at(-1)!, new Date(Date.UTC(2026, 11, 6, 15)));
const jobSeven = entries.filter((entry) => inSelection({ job: 7 }, entry));
const evidence = () => structuredClone(signEvidence(key, { job: 7 }, jobSeven, checkpoint, new Date(Date.UTC(2026, 11, 6, 16)))) as EvidenceFile;

describe("evidence of one job", () => {
  test("holds the job's rows only and verifies with the signing key", () => {
    expect(jobSeven.map((entry) => entry.seq)).toEqual([1, 3]);
    expect(verifyEvidence(evidence(), [key.publicKey])).toEqual({ ok: true, entries: 2, checkpointSeq: 3, selection: { job: 7 }, keyId: key.keyId });
  });

  test("a changed selection, a statement naming other rows, or a forged statement signature are refused", () => {
    const otherJob = evidence();
    otherJob.selection = { job: 8 };
    expect(verifyEvidence(otherJob, [key.publicKey])).toEqual({ ok: false, reason: "the selection is not the one the statement names" });
    const renamed = evidence();
    renamed.statement.entries[0]!.hash = "0".repeat(64);
    expect(verifyEvidence(renamed, [key.publicKey])).toEqual({ ok: false, reason: "evidence statement signature invalid" });
    const resigned = evidence();
    resigned.statement.signature = Buffer.alloc(64).toString("base64");
    expect(verifyEvidence(resigned, [key.publicKey])).toEqual({ ok: false, reason: "evidence statement signature invalid" });
  });

  test("a field the hashes and signatures do not cover is refused wherever it is added (review 2026-12-06 F4)", () => {
    const additions: ((file: Record<string, unknown> & EvidenceFile) => void)[] = [
      (file) => Object.assign(file.entries[0]!, { title: "Uppsägning Anna Svensson.docx" }),
      (file) => Object.assign(file, { note: "verified by the municipality" }),
      (file) => Object.assign(file.statement, { comment: "complete" }),
      (file) => Object.assign(file.checkpoint, { displayName: "Anna Svensson" }),
      (file) => Object.assign(file.statement.entries[0]!, { title: "x" }),
    ];
    for (const add of additions) {
      const file = evidence() as Record<string, unknown> & EvidenceFile;
      add(file);
      expect(verifyEvidence(file, [key.publicKey])).toMatchObject({ ok: false });
    }
  });

  test("a row that is not an object is reported as bad evidence, not thrown (review 2026-12-06 F5)", () => {
    for (const row of [null, [], "row", 7]) {
      const file = evidence();
      (file.entries as unknown[])[0] = row;
      expect(verifyEvidence(file, [key.publicKey])).toEqual({ ok: false, reason: "row 1 is not an audit entry: it lacks fields or has fields its hash does not cover" });
    }
  });

  test("another person's row, signed in by the server itself, does not belong to the selection", () => {
    const mixed = structuredClone(signEvidence(key, { job: 7 }, [entries[0]!, entries[1]!], checkpoint, new Date())) as EvidenceFile;
    expect(verifyEvidence(mixed, [key.publicKey])).toEqual({ ok: false, reason: "row 2 (seq 2): does not belong to the selection" });
  });

  test("a checkpoint signed by another key, or no evidence at all, is refused", () => {
    const other = makeKey();
    const swapped = evidence();
    swapped.checkpoint.signature = signCheckpoint(other, { seq: 3, hash: entries[2]!.hash }, new Date()).signature;
    expect(verifyEvidence(swapped, [key.publicKey])).toEqual({ ok: false, reason: "checkpoint signature invalid" });
    expect(verifyEvidence({ format: "something else" }, [key.publicKey])).toEqual({ ok: false, reason: "not printvakt-audit-evidence-v1 evidence" });
    expect(verifyEvidence(null, [key.publicKey])).toMatchObject({ ok: false });
  });

  test("rows beyond the checkpoint cannot be signed into evidence", () => {
    const early = signCheckpoint(key, entries[0]!, new Date());
    expect(() => signEvidence(key, { job: 7 }, jobSeven, early, new Date())).toThrow("evidence reaches only up to its checkpoint");
  });
});

describe("a person's selection", () => {
  test("is what they did, what is about them, and their jobs by owner", () => {
    const person = { person: "anna" };
    expect(inSelection(person, { actor: "user:anna", subject: "job:7", details: {} })).toBe(true);
    expect(inSelection(person, { actor: "admin:eva", subject: "user:anna", details: {} })).toBe(true);
    expect(inSelection(person, { actor: "system", subject: "job:9", details: { owner: "anna" } })).toBe(true);
    expect(inSelection(person, { actor: "user:annabel", subject: "job:10", details: { owner: "annabel" } })).toBe(false);
  });
});
