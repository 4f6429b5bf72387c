// Specification of audit verification: which tampering is found, and where it is reported.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { GENESIS_HASH, hashEntry, nextEntry } from "./chain.js";
import { keyIdOf, signCheckpoint, type Checkpoint } from "./checkpoint.js";
import type { AuditEntry, AuditEvent } from "./entry.js";
import { CHECKPOINT_SLACK_MS, verifyChain } from "./verify.js";

function makeKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

const key = makeKey();
const start = Date.UTC(2025, 2, 1, 8, 0, 0);

function eventNumber(n: number): AuditEvent {
  return {
    at: new Date(start + n * 1_017),
    type: n % 3 === 0 ? "job.released" : "job.submitted",
    actor: `user:staff${n % 7}`,
    subject: `job:${n}`,
    details: { sizeBytes: n * 100, printer: "Plan 2", route: { kiosk: "lobby", tries: [n, 1] } },
  };
}

function buildLog(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous: AuditEntry | null = null;
  for (let n = 1; n <= count; n++) {
    previous = nextEntry(previous, eventNumber(n));
    entries.push(previous);
  }
  return entries;
}

function checkpointAt(log: readonly AuditEntry[], seq: number, signer = key): Checkpoint {
  const entry = log[seq - 1]!;
  return signCheckpoint(signer, entry, new Date(entry.at.getTime() + 500));
}

/** What someone with write access to the database does to hide an edit: recompute every later hash. */
function relinkFrom(log: AuditEntry[], index: number): void {
  for (let i = index; i < log.length; i++) {
    const prevHash = i === 0 ? GENESIS_HASH : log[i - 1]!.hash;
    const entry = { ...log[i]!, prevHash };
    log[i] = { ...entry, hash: hashEntry(entry, prevHash) };
  }
}

const log = buildLog(1000);
const checkpoints = [checkpointAt(log, 250), checkpointAt(log, 500), checkpointAt(log, 900)];

describe("an intact log", () => {
  test("a chain of 1,000 entries with three checkpoints verifies", async () => {
    const result = await verifyChain(log, checkpoints, key.publicKey);
    expect(result).toEqual({ ok: true, entries: 1000, lastSeq: 1000, lastHash: log[999]!.hash, checkpointsVerified: 3 });
  });

  test("an empty log with no checkpoints verifies and ends at the genesis hash", async () => {
    expect(await verifyChain([], [], key.publicKey)).toEqual({ ok: true, entries: 0, lastSeq: 0, lastHash: GENESIS_HASH, checkpointsVerified: 0 });
  });

  test("entries can be streamed from an async source, which is read only up to the first problem", async () => {
    let pulled = 0;
    async function* rows(entries: readonly AuditEntry[]): AsyncGenerator<AuditEntry> {
      for (const entry of entries) {
        pulled++;
        yield entry;
      }
    }
    expect(await verifyChain(rows(log), checkpoints, key.publicKey)).toMatchObject({ ok: true, entries: 1000 });
    pulled = 0;
    const tampered = [...log];
    tampered[99] = { ...tampered[99]!, actor: "user:mallory" };
    expect(await verifyChain(rows(tampered), checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 100, reason: "hash mismatch" } });
    expect(pulled).toBe(100);
  });

  test("a public key given as PEM text works like a KeyObject", async () => {
    const pem = key.publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(await verifyChain(log, checkpoints, pem)).toMatchObject({ ok: true, checkpointsVerified: 3 });
  });
});

describe("changed content", () => {
  const edits: Array<[string, (entry: AuditEntry) => AuditEntry]> = [
    ["a detail value", (entry) => ({ ...entry, details: { ...entry.details, sizeBytes: 1 } })],
    ["a nested detail", (entry) => ({ ...entry, details: { ...entry.details, route: { kiosk: "lobbz", tries: [437, 1] } } })],
    ["an added detail", (entry) => ({ ...entry, details: { ...entry.details, extra: true } })],
    ["the type", (entry) => ({ ...entry, type: "job.purged" })],
    ["the time, by one millisecond", (entry) => ({ ...entry, at: new Date(entry.at.getTime() + 1) })],
    ["the actor", (entry) => ({ ...entry, actor: null })],
    ["the subject", (entry) => ({ ...entry, subject: "job:9999" })],
    ["the stored hash itself", (entry) => ({ ...entry, hash: `${entry.hash.slice(0, 63)}${entry.hash.endsWith("0") ? "1" : "0"}` })],
  ];
  test.each(edits)("a change to %s is a hash mismatch at that entry", async (_name, edit) => {
    const tampered = [...log];
    tampered[436] = edit(tampered[436]!);
    expect(await verifyChain(tampered, checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 437, reason: "hash mismatch" } });
  });

  test("a row the encoding refuses (a float slipped into details) is a malformed entry", async () => {
    const tampered = [...log];
    tampered[9] = { ...tampered[9]!, details: { sizeBytes: 0.5 } };
    expect(await verifyChain(tampered, checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 10, reason: "malformed entry" } });
  });

  test("an edit hidden by recomputing all later hashes is caught by the next checkpoint", async () => {
    const rewritten = [...log];
    rewritten[300] = { ...rewritten[300]!, actor: "user:mallory" };
    relinkFrom(rewritten, 300);
    expect(await verifyChain(rewritten, [], key.publicKey)).toMatchObject({ ok: true }); // the chain alone cannot tell
    expect(await verifyChain(rewritten, checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 500, reason: "checkpoint does not match entry" } });
  });
});

describe("deleted, inserted and reordered entries", () => {
  test("a deleted middle entry is a broken link at the entry after the hole", async () => {
    const tampered = log.filter((entry) => entry.seq !== 600);
    expect(await verifyChain(tampered, checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 601, reason: "broken link" } });
  });

  test("a deleted first entry is a broken link, since entry 2 does not link to the genesis hash", async () => {
    expect(await verifyChain(log.slice(1), [], key.publicKey)).toEqual({ ok: false, firstBad: { seq: 2, reason: "broken link" } });
  });

  test("two entries read in swapped order are found", async () => {
    const tampered = [...log];
    [tampered[499], tampered[500]] = [tampered[500]!, tampered[499]!];
    expect(await verifyChain(tampered, checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 501, reason: "broken link" } });
  });

  test("two rows that swapped their seq numbers are found", async () => {
    const tampered = [...log];
    const [a, b] = [tampered[499]!, tampered[500]!];
    tampered[499] = { ...b, seq: a.seq };
    tampered[500] = { ...a, seq: b.seq };
    expect(await verifyChain(tampered, checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 500, reason: "broken link" } });
  });

  test("a duplicated entry is found", async () => {
    const tampered = [...log.slice(0, 700), log[699]!, ...log.slice(700)];
    expect(await verifyChain(tampered, checkpoints, key.publicKey)).toEqual({ ok: false, firstBad: { seq: 700, reason: "broken link" } });
  });

  test("a renumbered entry whose link still holds is a sequence gap or out of order", async () => {
    const skipped = [...log];
    skipped[200] = { ...skipped[200]!, seq: 205 };
    expect(await verifyChain(skipped, [], key.publicKey)).toEqual({ ok: false, firstBad: { seq: 205, reason: "sequence gap" } });
    const repeated = [...log];
    repeated[200] = { ...repeated[200]!, seq: 200 };
    expect(await verifyChain(repeated, [], key.publicKey)).toEqual({ ok: false, firstBad: { seq: 200, reason: "sequence out of order" } });
  });
});

describe("a cut-off tail", () => {
  test("a tail cut after a checkpoint was taken is found, at the first missing seq", async () => {
    expect(await verifyChain(log.slice(0, 850), checkpoints, key.publicKey)).toEqual({
      ok: false,
      firstBad: { seq: 851, reason: "log ends before checkpoint 900" },
    });
  });

  test("a tail cut after the newest checkpoint cannot be seen: why checkpoints must be taken often", async () => {
    expect(await verifyChain(log.slice(0, 950), checkpoints, key.publicKey)).toMatchObject({ ok: true, lastSeq: 950 });
  });
});

describe("forged checkpoints", () => {
  test("a checkpoint signed with another key is invalid", async () => {
    const forged = checkpointAt(log, 500, makeKey());
    expect(await verifyChain(log, [checkpoints[0]!, forged], key.publicKey)).toEqual({
      ok: false,
      firstBad: { seq: 500, reason: "checkpoint signature invalid" },
    });
  });

  test("another key claiming our keyId is invalid", async () => {
    const other = makeKey();
    const forged = checkpointAt(log, 500, { ...other, keyId: key.keyId });
    expect(await verifyChain(log, [forged], key.publicKey)).toEqual({ ok: false, firstBad: { seq: 500, reason: "checkpoint signature invalid" } });
  });

  test("a checkpoint whose hash was altered after signing is invalid", async () => {
    const altered = { ...checkpoints[1]!, hash: log[499]!.prevHash };
    expect(await verifyChain(log, [altered], key.publicKey)).toEqual({ ok: false, firstBad: { seq: 500, reason: "checkpoint signature invalid" } });
  });

  test("a checkpoint whose seq was moved after signing is invalid", async () => {
    const moved = { ...checkpoints[1]!, seq: 501 };
    expect(await verifyChain(log, [moved], key.publicKey)).toEqual({ ok: false, firstBad: { seq: 501, reason: "checkpoint signature invalid" } });
  });

  test("a forged checkpoint beyond the end is reported as forged, not as a cut tail", async () => {
    const beyond = signCheckpoint(makeKey(), { seq: 1200, hash: "ef".repeat(32) }, new Date());
    expect(await verifyChain(log, [beyond], key.publicKey)).toEqual({ ok: false, firstBad: { seq: 1200, reason: "checkpoint signature invalid" } });
  });

  test("after a key rotation both keys are given, and each checkpoint is checked with its own", async () => {
    const newKey = makeKey();
    const mixed = [checkpointAt(log, 250), checkpointAt(log, 900, newKey)];
    expect(await verifyChain(log, mixed, [key.publicKey, newKey.publicKey])).toMatchObject({ ok: true, checkpointsVerified: 2 });
    expect(await verifyChain(log, mixed, newKey.publicKey)).toEqual({ ok: false, firstBad: { seq: 250, reason: "checkpoint signature invalid" } });
  });
});

describe("a pruned log that starts from a checkpoint", () => {
  const remaining = log.slice(400);
  const startFrom = { seq: 400, hash: log[399]!.hash };
  const withStart = [checkpointAt(log, 200), checkpointAt(log, 400), ...checkpoints.slice(1)];

  test("verifies the remaining entries from the checkpointed start", async () => {
    // The checkpoint at 200 lies in the pruned part: its signature is checked but nothing is left to match it against.
    expect(await verifyChain(remaining, withStart, key.publicKey, { startFrom })).toEqual({
      ok: true,
      entries: 600,
      lastSeq: 1000,
      lastHash: log[999]!.hash,
      checkpointsVerified: 3,
    });
  });

  test("fails when the first remaining entry does not link to the start", async () => {
    expect(await verifyChain(remaining.slice(1), withStart, key.publicKey, { startFrom })).toEqual({
      ok: false,
      firstBad: { seq: 402, reason: "broken link" },
    });
  });

  test("fails when the start is not vouched for by a signed checkpoint", async () => {
    expect(await verifyChain(remaining, checkpoints, key.publicKey, { startFrom })).toEqual({
      ok: false,
      firstBad: { seq: 400, reason: "start point not checkpointed" },
    });
  });

  test("fails when the start claims another hash than its checkpoint", async () => {
    const moved = { seq: 400, hash: log[398]!.hash };
    expect(await verifyChain(remaining, withStart, key.publicKey, { startFrom: moved })).toEqual({
      ok: false,
      firstBad: { seq: 400, reason: "checkpoint does not match entry" },
    });
  });

  test("without startFrom, a pruned log does not pass as a whole one", async () => {
    expect(await verifyChain(remaining, withStart, key.publicKey)).toMatchObject({ ok: false });
  });
});

describe("coverage: old entries must be checkpointed", () => {
  const interval = 3_600_000;
  const after = (seq: number, ms: number) => new Date(log[seq - 1]!.at.getTime() + ms);

  test("a log whose entries after the newest checkpoint are younger than one interval verifies", async () => {
    const result = await verifyChain(log, checkpoints, key.publicKey, { coverage: { now: after(1000, interval), intervalMs: interval } });
    expect(result.ok).toBe(true);
  });

  test("an entry no checkpoint covers, older than one interval and the slack, fails at that entry (the one after the checkpoint is exempt)", async () => {
    const now = after(902, interval + CHECKPOINT_SLACK_MS + 1);
    const result = await verifyChain(log, checkpoints, key.publicKey, { coverage: { now, intervalMs: interval } });
    expect(result).toEqual({ ok: false, firstBad: { seq: 902, reason: "not checkpointed within the interval" } });
  });

  test("a checkpoint-less log is intact only while its first entry is younger than one interval", async () => {
    const young = await verifyChain(log, [], key.publicKey, { coverage: { now: after(1, interval), intervalMs: interval } });
    expect(young.ok).toBe(true);
    const old = await verifyChain(log, [], key.publicKey, { coverage: { now: after(1, 2 * interval), intervalMs: interval } });
    expect(old).toEqual({ ok: false, firstBad: { seq: 1, reason: "not checkpointed within the interval" } });
  });

  test("an empty log is intact only while the database is younger than one interval", async () => {
    const createdAt = new Date(start);
    expect((await verifyChain([], [], key.publicKey, { coverage: { now: new Date(start + interval), intervalMs: interval, logCreatedAt: createdAt } })).ok).toBe(true);
    const old = await verifyChain([], [], key.publicKey, { coverage: { now: new Date(start + 2 * interval), intervalMs: interval, logCreatedAt: createdAt } });
    expect(old).toEqual({ ok: false, firstBad: { seq: 1, reason: "empty log older than the interval" } });
  });
});
