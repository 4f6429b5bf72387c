// Specification of the argon2 gate: a cap on checks at once, a bounded line, a busy refusal beyond it.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { SecretCheckGate } from "./secret-check-gate.js";

function deferred(): { promise: Promise<boolean>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<boolean>((done) => (resolve = () => done(true)));
  return { promise, resolve };
}

describe("the argon2 gate", () => {
  test("never runs more than its cap at once; the rest wait in line and run as slots free", async () => {
    const gate = new SecretCheckGate({ atOnce: 2, waiting: 10 });
    let running = 0;
    let most = 0;
    const releases = Array.from({ length: 6 }, () => deferred());
    const checks = releases.map((release) =>
      gate.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await release.promise;
        running -= 1;
        return true;
      }, { refuseWhenFull: true }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.stats).toMatchObject({ active: 2, waiting: 4, started: 2 });
    for (const release of releases) release.resolve();
    expect(await Promise.all(checks)).toEqual(Array(6).fill(true));
    expect(most).toBe(2);
    expect(gate.stats).toEqual({ started: 6, refused: 0, active: 0, waiting: 0 });
  });

  test("a check that finds the line full is refused as too-many; a hash waits however long the line", async () => {
    const gate = new SecretCheckGate({ atOnce: 1, waiting: 1 });
    const hold = deferred();
    const first = gate.run(() => hold.promise, { refuseWhenFull: true });
    const second = gate.run(async () => true, { refuseWhenFull: true });
    const refused = gate.run(async () => true, { refuseWhenFull: true });
    await expect(refused).rejects.toSatisfy((error: unknown) => error instanceof PrintvaktError && error.code === "too-many");
    const hash = gate.run(async () => true, { refuseWhenFull: false });
    hold.resolve();
    expect(await Promise.all([first, second, hash])).toEqual([true, true, true]);
    expect(gate.stats).toMatchObject({ started: 3, refused: 1, active: 0, waiting: 0 });
  });

  test("a failing check frees its slot", async () => {
    const gate = new SecretCheckGate({ atOnce: 1, waiting: 5 });
    await expect(gate.run(async () => Promise.reject(new Error("boom")), { refuseWhenFull: true })).rejects.toThrow("boom");
    expect(await gate.run(async () => true, { refuseWhenFull: true })).toBe(true);
    expect(gate.stats.active).toBe(0);
  });
});
