// Specification of what /healthz says about the data directory: the first problem found, with its
// reason; checked at most once per second; a database write still waiting after 5 s is "locked".
import { describe, expect, test } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.js";
import { DataHealth, type HealthProbes } from "./data-health.js";

/** Probes that pass until a test makes one fail; counts how often each ran. */
function fakeProbes() {
  const state = { dataDir: undefined as Error | undefined, spool: undefined as Error | undefined, short: false, runs: 0 };
  let finishWrite: ((error?: Error) => void) | undefined;
  const database = { hold: false, fail: undefined as Error | undefined, writes: 0, release: () => finishWrite?.() };
  const probes: HealthProbes = {
    dataDirWritable: async () => {
      state.runs++;
      if (state.dataDir) throw state.dataDir;
    },
    spoolWritable: async () => {
      if (state.spool) throw state.spool;
    },
    diskShort: async () => state.short,
    databaseWrite: () => {
      database.writes++;
      if (database.fail) return Promise.reject(database.fail);
      if (!database.hold) return Promise.resolve();
      return new Promise<void>((resolve) => (finishWrite = () => resolve()));
    },
  };
  return { probes, state, database };
}

const errno = (code: string) => Object.assign(new Error(`${code}: refused`), { code });

/** Lets a check that waits on the manual clock get as far as its timer. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("the data directory's health", () => {
  test("is ok when every probe passes", async () => {
    const { probes } = fakeProbes();
    expect(await new DataHealth(probes, new ManualClock()).check()).toEqual({ status: "ok" });
  });

  test.each([
    ["the data directory cannot be written", (fake: ReturnType<typeof fakeProbes>) => void (fake.state.dataDir = errno("EACCES")), "the data directory cannot be written (EACCES)"],
    ["the spool cannot be written", (fake: ReturnType<typeof fakeProbes>) => void (fake.state.spool = errno("EROFS")), "the spool directory cannot be written (EROFS)"],
    ["free space is under the floor", (fake: ReturnType<typeof fakeProbes>) => void (fake.state.short = true), "free disk space is under the floor (PRINTVAKT_MIN_FREE_SPACE)"],
    ["the database refuses writes", (fake: ReturnType<typeof fakeProbes>) => void (fake.database.fail = new Error("Invalid call:\n\nattempt to write a readonly database")), "the database cannot be written (attempt to write a readonly database)"],
  ])("is unavailable when %s, with that reason", async (_case, breakIt, reason) => {
    const fake = fakeProbes();
    breakIt(fake);
    expect(await new DataHealth(fake.probes, new ManualClock()).check()).toEqual({ status: "unavailable", reason });
  });

  test("is checked at most once a second, and sees a repair after that", async () => {
    const fake = fakeProbes();
    const clock = new ManualClock();
    const health = new DataHealth(fake.probes, clock);
    fake.state.spool = errno("EACCES");
    expect((await health.check()).status).toBe("unavailable");
    fake.state.spool = undefined;
    clock.advance(999);
    expect((await health.check()).status).toBe("unavailable");
    expect(fake.state.runs).toBe(1);
    clock.advance(1);
    expect(await health.check()).toEqual({ status: "ok" });
    expect(fake.state.runs).toBe(2);
  });

  test("a database write waiting for another process's lock is ok for 5 s, then 'locked', and ok once it went through", async () => {
    const fake = fakeProbes();
    const clock = new ManualClock();
    const health = new DataHealth(fake.probes, clock);
    fake.database.hold = true;
    /** A check that waits (up to half a second) for the write, while the clock moves on. */
    const checkWaiting = async () => {
      const check = health.check();
      await settle();
      clock.advance(500);
      return check;
    };
    expect(await checkWaiting()).toEqual({ status: "ok" });
    clock.advance(1_000);
    expect(await checkWaiting()).toEqual({ status: "ok" });
    clock.advance(3_000);
    expect(await health.check()).toEqual({ status: "unavailable", reason: "the database stays locked by another process (a write has waited 5 s)" });
    // Still the same probe: a locked database does not collect one write per check.
    expect(fake.database.writes).toBe(1);
    fake.database.hold = false;
    fake.database.release();
    clock.advance(1_000);
    expect(await health.check()).toEqual({ status: "ok" });
  });
});
