// Back-off bounds: attempts, total time, which failures are retried at all.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { backoffDelay, retryableError, withRetry, type RetryPolicy } from "./retry.js";

const POLICY: RetryPolicy = { attempts: 4, initialDelayMs: 1, maxDelayMs: 3, totalMs: 10_000 };

describe("withRetry", () => {
  test("doubles the delay from the initial one up to the cap", () => {
    expect([2, 3, 4, 5].map((attempt) => backoffDelay({ ...POLICY, initialDelayMs: 100, maxDelayMs: 300 }, attempt))).toEqual([100, 200, 300, 300]);
  });

  test("retries a retryable failure until it succeeds", async () => {
    const waits: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw retryableError("printer busy", "printer-busy");
        return attempt;
      },
      POLICY,
      (_attempt, delayMs) => waits.push(delayMs),
    );
    expect(result).toBe(3);
    expect(waits).toEqual([1, 2]);
  });

  test("gives up after the policy's attempts with the last reason and the count", async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls += 1;
        throw retryableError("printer busy", "printer-busy");
      },
      POLICY,
      () => undefined,
    );
    await expect(failing).rejects.toMatchObject({ code: "unavailable", details: { reason: "printer-busy", attempts: 4, retryable: false } });
    expect(calls).toBe(4);
  });

  test("does not start an attempt whose wait would pass the total time", async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls += 1;
        throw retryableError("printer offline", "printer-offline");
      },
      { attempts: 10, initialDelayMs: 50, maxDelayMs: 50, totalMs: 10 },
      () => undefined,
    );
    await expect(failing).rejects.toMatchObject({ details: { attempts: 1 } });
    expect(calls).toBe(1);
  });

  test("never retries other failures", async () => {
    let calls = 0;
    const refusal = new PrintvaktError("unsupported", "no such format");
    const failing = withRetry(
      async () => {
        calls += 1;
        throw refusal;
      },
      POLICY,
      () => undefined,
    );
    await expect(failing).rejects.toBe(refusal);
    expect(calls).toBe(1);
  });
});
