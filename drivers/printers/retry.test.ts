// Back-off bounds: attempts, total time, which failures are retried at all.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { backoffDelay, DEFAULT_RETRY_POLICY, retryableError, withRetry, type RetryPolicy } from "./retry.js";

const POLICY: RetryPolicy = { attempts: 4, initialDelayMs: 1, maxDelayMs: 3, totalMs: 10_000 };

describe("withRetry", () => {
  test("doubles the delay from the initial one up to the cap", () => {
    expect([2, 3, 4, 5].map((attempt) => backoffDelay({ ...POLICY, initialDelayMs: 100, maxDelayMs: 300 }, attempt))).toEqual([100, 200, 300, 300]);
  });

  test("by default a busy or offline printer is tried for 5 minutes, waits doubling from 1 s to 30 s", () => {
    expect(DEFAULT_RETRY_POLICY.totalMs).toBe(5 * 60_000);
    expect(DEFAULT_RETRY_POLICY.attempts).toBe(Number.POSITIVE_INFINITY);
    expect([2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(DEFAULT_RETRY_POLICY, attempt))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  test("a time budget already partly spent (startedAt) leaves less time to retry", async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls += 1;
        throw retryableError("printer busy", "printer-busy");
      },
      { attempts: Number.POSITIVE_INFINITY, initialDelayMs: 50, maxDelayMs: 50, totalMs: 1_000 },
      () => undefined,
      undefined,
      Date.now() - 980,
    );
    await expect(failing).rejects.toMatchObject({ details: { attempts: 1 } });
    expect(calls).toBe(1);
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
