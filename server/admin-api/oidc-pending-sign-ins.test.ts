// Pending OpenID Connect sign-ins: single use, short-lived, bounded.
import { describe, expect, test } from "vitest";
import { MAX_PENDING_SIGN_INS, PENDING_SIGN_IN_MS, PendingSignIns } from "./oidc-pending-sign-ins.js";

const checks = { state: "s", nonce: "n", codeVerifier: "v" };

describe("PendingSignIns", () => {
  test("a pending sign-in is given back once, then never again", () => {
    const pending = new PendingSignIns();
    const id = pending.add(checks);
    expect(pending.take(id)).toMatchObject(checks);
    expect(pending.take(id)).toBeUndefined();
  });

  test("an unknown, empty or absurd binding id finds nothing", () => {
    const pending = new PendingSignIns();
    pending.add(checks);
    expect(pending.take(undefined)).toBeUndefined();
    expect(pending.take("")).toBeUndefined();
    expect(pending.take("x".repeat(500))).toBeUndefined();
    expect(pending.take("not-a-real-id")).toBeUndefined();
  });

  test("a sign-in older than the limit is refused and forgotten", () => {
    let now = 0;
    const pending = new PendingSignIns(() => now);
    const id = pending.add(checks);
    now = PENDING_SIGN_IN_MS + 1;
    expect(pending.take(id)).toBeUndefined();
    expect(pending.size).toBe(0);
  });

  test("memory is bounded: past the limit the oldest pending sign-in goes first", () => {
    const pending = new PendingSignIns();
    const first = pending.add(checks);
    for (let index = 1; index < MAX_PENDING_SIGN_INS; index++) pending.add(checks);
    const last = pending.add(checks);
    expect(pending.size).toBe(MAX_PENDING_SIGN_INS);
    expect(pending.take(first)).toBeUndefined();
    expect(pending.take(last)).toMatchObject(checks);
  });
});
