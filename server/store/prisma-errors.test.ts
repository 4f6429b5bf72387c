// Database errors told apart by their codes: a disk too full to write, as statements and commits report it.
import { describe, expect, test } from "vitest";
import { isDatabaseBusy, isStorageFailure } from "./prisma-errors.js";

/** What the driver adapter makes of a failed statement (Prisma P2010 with SQLite's code kept). */
const statementError = (originalCode: string) => ({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode, kind: "sqlite" } } } });
/** What reaches us when COMMIT fails: libsql's own error, which the adapter passes on unwrapped. */
const commitError = (code: string, rawCode: number) => Object.assign(new Error(`${code}: database or disk is full`), { code, rawCode });

describe("a write refused for want of disk space", () => {
  test("is recognised from a failed statement: SQLITE_FULL, and SQLITE_IOERR (growing the WAL index)", () => {
    expect(isStorageFailure(statementError("13"))).toBe(true);
    expect(isStorageFailure(statementError("4874"))).toBe(true);
  });

  test("is recognised from a failed commit, where a full disk shows first: the write-ahead log is written then", () => {
    expect(isStorageFailure(commitError("SQLITE_FULL", 13))).toBe(true);
    expect(isStorageFailure(commitError("SQLITE_IOERR_WRITE", 778))).toBe(true);
  });

  test("is not confused with other failures", () => {
    expect(isStorageFailure(statementError("19"))).toBe(false);
    expect(isStorageFailure(commitError("SQLITE_CONSTRAINT", 19))).toBe(false);
    expect(isStorageFailure({ code: "P2002" })).toBe(false);
    expect(isStorageFailure(new Error("SQLITE_FULL: database or disk is full"))).toBe(false);
    expect(isStorageFailure(null)).toBe(false);
  });
});

describe("a write that met another process's write lock", () => {
  test("is recognised from Prisma's codes, and from the driver's own error of a statement sent past Prisma (BEGIN IMMEDIATE in writeInSteps)", () => {
    expect(isDatabaseBusy({ code: "P1008" })).toBe(true);
    expect(isDatabaseBusy(statementError("5"))).toBe(true);
    expect(isDatabaseBusy(commitError("SQLITE_BUSY", 5))).toBe(true);
    expect(isDatabaseBusy(commitError("SQLITE_BUSY_SNAPSHOT", 517))).toBe(true);
  });

  test("is not confused with other failures", () => {
    expect(isDatabaseBusy(statementError("19"))).toBe(false);
    expect(isDatabaseBusy(commitError("SQLITE_CONSTRAINT_PRIMARYKEY", 1555))).toBe(false);
    expect(isDatabaseBusy(new Error("SQLITE_BUSY: database is locked"))).toBe(false);
    expect(isDatabaseBusy(Object.assign(new Error("x"), { rawCode: 5 }))).toBe(false);
  });
});
