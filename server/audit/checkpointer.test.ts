// When checkpoints are due and what they sign, on a real SQLite file with explicit clocks.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { AppContext } from "../app-context.js";
import { appendAudit, listCheckpoints, readAudit } from "../store/audit-log.js";
import { checkpointIfDue, isCheckpointDue, takeCheckpoint } from "./checkpointer.js";
import type { AuditEntry } from "./entry.js";
import { keyIdOf } from "./public-key.js";
import { verifyChain } from "./verify.js";
import { useFreshContext } from "../../test/support/fresh-context.js";

const HOUR = 3_600_000;
const T0 = new Date("2026-05-01T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const key = { privateKey, keyId: keyIdOf(publicKey) };

let context: AppContext;
useFreshContext("checkpointer", (fresh) => ({ context } = fresh));

const change = (when: Date) => context.db.write((tx) => appendAudit(tx, { type: "admin.changed", actor: "admin:eva", subject: "printer:P", at: when, details: { action: "changed" } }));

async function entries(): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const entry of readAudit(context.db)) all.push(entry);
  return all;
}

describe("checkpoints", () => {
  test("an empty log is never due and has nothing to sign", async () => {
    expect(await isCheckpointDue(context.db, HOUR, at(10 * HOUR))).toBe(false);
    expect(await takeCheckpoint(context.db, key, "system", at(0))).toBeNull();
  });

  test("due once the oldest unsigned entry is an interval old, not before", async () => {
    await change(at(0));
    expect(await isCheckpointDue(context.db, HOUR, at(HOUR - 1))).toBe(false);
    expect(await isCheckpointDue(context.db, HOUR, at(HOUR))).toBe(true);
  });

  test("signs the entry before its own audit.checkpoint entry, which repeats the whole checkpoint", async () => {
    await change(at(0));
    await change(at(1_000));
    const checkpoint = await checkpointIfDue(context.db, key, HOUR, at(HOUR));
    expect(checkpoint).toMatchObject({ seq: 2, keyId: key.keyId, at: at(HOUR) });
    const log = await entries();
    expect(log.map((entry) => entry.type)).toEqual(["admin.changed", "admin.changed", "audit.checkpoint"]);
    expect(checkpoint!.hash).toBe(log[1]!.hash);
    expect(log[2]).toMatchObject({ actor: "system", at: at(HOUR), details: { seq: 2, hash: log[1]!.hash, keyId: key.keyId, signature: checkpoint!.signature } });
    expect(await verifyChain(log, await listCheckpoints(context.db), publicKey)).toMatchObject({ ok: true, checkpointsVerified: 1 });
  });

  test("an idle log is not signed again: its own audit.checkpoint entry does not count as growth", async () => {
    await change(at(0));
    expect(await checkpointIfDue(context.db, key, HOUR, at(HOUR))).not.toBeNull();
    expect(await checkpointIfDue(context.db, key, HOUR, at(10 * HOUR))).toBeNull();
    await change(at(10 * HOUR));
    expect(await checkpointIfDue(context.db, key, HOUR, at(10 * HOUR + 1))).toBeNull();
    expect(await checkpointIfDue(context.db, key, HOUR, at(11 * HOUR))).toMatchObject({ seq: 3 });
    expect((await listCheckpoints(context.db)).map((checkpoint) => checkpoint.seq)).toEqual([1, 3]);
  });

  test("on demand it signs whatever is newest, but never the same entry twice", async () => {
    await change(at(0));
    expect(await takeCheckpoint(context.db, key, "admin:eva", at(1))).toMatchObject({ seq: 1 });
    expect(await takeCheckpoint(context.db, key, "admin:eva", at(2))).toMatchObject({ seq: 2 });
    const [, , third] = await entries();
    expect(third).toMatchObject({ type: "audit.checkpoint", actor: "admin:eva" });
  });
});
