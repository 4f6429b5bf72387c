// Specification of the PIN lockout rules: tries in flight count, failures lock at the maximum.
import { describe, expect, test } from "vitest";
import { afterWrongPin, isLockedOut, mayTryPin, type PinState } from "./pins.js";

const policy = { maxFailures: 5, lockoutMs: 15 * 60_000 };
const now = new Date("2026-12-05T10:00:00Z");
const fresh: PinState = { failedPins: 0, lockedUntil: null };

describe("whether a PIN may be checked", () => {
  test("tries in flight take places like failures: with 5 running at once, a 6th is refused before any check", () => {
    let inFlight = 0;
    for (let index = 0; index < 200; index++) if (mayTryPin(fresh, inFlight, policy, now)) inFlight += 1;
    expect(inFlight).toBe(5);
    expect(mayTryPin({ failedPins: 3, lockedUntil: null }, 1, policy, now)).toBe(true);
    expect(mayTryPin({ failedPins: 3, lockedUntil: null }, 2, policy, now)).toBe(false);
  });

  test("a locked account may try nothing; an expired lock starts a fresh count", () => {
    expect(mayTryPin({ failedPins: 5, lockedUntil: new Date(now.getTime() + 1_000) }, 0, policy, now)).toBe(false);
    expect(mayTryPin({ failedPins: 5, lockedUntil: new Date(now.getTime() - 1_000) }, 4, policy, now)).toBe(true);
  });
});

describe("after a wrong PIN", () => {
  test("the count goes up and the lock starts when it reaches the maximum", () => {
    expect(afterWrongPin({ failedPins: 3, lockedUntil: null }, policy, now)).toEqual({ failedPins: 4, lockedUntil: null, lockedNow: false });
    const locked = afterWrongPin({ failedPins: 4, lockedUntil: null }, policy, now);
    expect(locked).toEqual({ failedPins: 5, lockedUntil: new Date(now.getTime() + policy.lockoutMs), lockedNow: true });
    expect(isLockedOut(locked, now)).toBe(true);
    // After an expired lock the count starts again.
    expect(afterWrongPin({ failedPins: 5, lockedUntil: new Date(now.getTime() - 1) }, policy, now)).toMatchObject({ failedPins: 1, lockedNow: false });
  });
});
