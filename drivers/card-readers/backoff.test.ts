// Specification of the reconnect back-off.
import { expect, test } from "vitest";
import { backoffDelay, defaultBackoff } from "./backoff.js";

test("doubles from 0.5 s and stops growing at 30 s", () => {
  expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffDelay(attempt, defaultBackoff))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test("follows the options given", () => {
  expect([0, 1, 2].map((attempt) => backoffDelay(attempt, { initialMs: 100, maxMs: 250, factor: 3 }))).toEqual([100, 250, 250]);
});
