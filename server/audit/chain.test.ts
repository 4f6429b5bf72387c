// Specification of how entries are hashed and linked.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { GENESIS_HASH, hashEntry, isHash, nextEntry } from "./chain.js";
import type { AuditEvent } from "./entry.js";

const event: AuditEvent = {
  at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)),
  type: "job.released",
  actor: "user:alice",
  subject: "job:42",
  details: { printer: "Plan 2", pages: 3, kiosk: "lobby", note: "Åsa – anteckningar\n" },
};

describe("hashEntry", () => {
  test("matches the hash an auditor computes by hand from the documented recipe", () => {
    // Computed outside this code: sha256("printvakt-audit-entry-v1\n" + "0"*64 + "\n" + canonical JSON).
    expect(hashEntry({ ...event, seq: 7 }, GENESIS_HASH)).toBe("e888cca24e97276f654db8046f86c81c5d263326a297551b81d81a06cf88af4d");
  });

  test("commits to prevHash and to seq", () => {
    const base = hashEntry({ ...event, seq: 7 }, GENESIS_HASH);
    expect(hashEntry({ ...event, seq: 7 }, "1".repeat(64))).not.toBe(base);
    expect(hashEntry({ ...event, seq: 8 }, GENESIS_HASH)).not.toBe(base);
  });

  test("refuses a prevHash that is not 64 lowercase hex characters", () => {
    expect(() => hashEntry({ ...event, seq: 1 }, GENESIS_HASH.toUpperCase().replace(/0/g, "A"))).toThrow(PrintvaktError);
    expect(() => hashEntry({ ...event, seq: 1 }, "00")).toThrow(PrintvaktError);
  });
});

describe("nextEntry", () => {
  test("starts the log at seq 1 from the genesis hash", () => {
    const first = nextEntry(null, event);
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(isHash(first.hash)).toBe(true);
    expect(first.hash).toBe(hashEntry(first, GENESIS_HASH));
  });

  test("links each entry to the one before and counts on", () => {
    const first = nextEntry(null, event);
    const second = nextEntry(first, { ...event, type: "job.submitted" });
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(second.hash).toBe(hashEntry(second, first.hash));
  });

  test("keeps its own copy of details and at, so later changes by the caller cannot break the hash", () => {
    const details: Record<string, string | number> = { kiosk: "lobby" };
    const at = new Date(Date.UTC(2025, 0, 1));
    const entry = nextEntry(null, { ...event, at, details });
    details.kiosk = "elsewhere";
    at.setUTCFullYear(2030);
    expect(entry.details).toEqual({ kiosk: "lobby" });
    expect(entry.at.getUTCFullYear()).toBe(2025);
    expect(hashEntry(entry, entry.prevHash)).toBe(entry.hash);
  });

  test("refuses a previous entry without a usable seq or hash", () => {
    expect(() => nextEntry({ seq: 0, hash: GENESIS_HASH }, event)).toThrow(PrintvaktError);
    expect(() => nextEntry({ seq: 3, hash: "not a hash" }, event)).toThrow(PrintvaktError);
  });

  test("refuses content the canonical encoding cannot carry", () => {
    expect(() => nextEntry(null, { ...event, details: { ratio: 0.25 } })).toThrow(/only safe integers/);
    expect(() => nextEntry(null, { ...event, at: new Date(Number.NaN) })).toThrow(/valid Date/);
  });
});
